// Each feature's panel requests; importing a module registers its handlers.
import './switch-now.js';
import './signin.js';

/** The browser a bundle is built for, replaced at build time ('chrome' or 'firefox'). */
declare const __BROWSER__: 'chrome' | 'firefox';

// Console sign-in from credentials: parsing, classification, STS calls and federation links.

export * from './credentials.js';
export * from './endpoints.js';
export * from './federation.js';
export * from './http.js';
export * from './sts.js';

// Vite bundles imported stylesheets; TypeScript only needs to know that the import is allowed.
declare module '*.css';

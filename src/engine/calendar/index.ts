/**
 * Dates and deadlines: civil-date arithmetic, the Vietnamese lunar calendar, the working-day
 * calendar as data (`vietnam-calendar-data.ts`) and statutory deadline computation.
 */
export * from './civil-date.js';
export * from './calendar-data.js';
export * from './calendar.js';
export * from './compute-deadline.js';
export * from './generate-provisional-year.js';
export * from './load-calendar-file.js';
export * from './vietnamese-lunar.js';
export * from './vietnam-calendar.js';
export * from './vietnam-calendar-data.js';

import { httpFaultNames, streamFaultTypes } from '../errors/exception-catalog.ts';

/** What a run-wide fault rule can inject into a call: any HTTP exception, any stream exception, a drop or a stall. */
export const injectableFaults = [...httpFaultNames, ...streamFaultTypes, 'drop', 'stall'] as const;
export type InjectableFault = (typeof injectableFaults)[number];

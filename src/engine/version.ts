/** The engine's version, written into every record so a result can be traced to the code. */
export const ENGINE_VERSION = '0.1.0';

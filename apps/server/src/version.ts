/** The server's version, as in its package.json. */
export const SERVER_VERSION = "0.1.0"

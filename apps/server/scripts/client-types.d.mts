/** Types of client-types.mjs. */
/** Path of the generated file, relative to the repository root. */
export declare const CLIENT_TYPES_PATH: string
/** The generated file's text for `document`. */
export declare function clientTypesSource(document: unknown): Promise<string>

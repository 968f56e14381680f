/** Interface texts of the web UI, per language. */
export declare const texts: Record<'nl' | 'en', Record<string, string>>;

/** A template that does not compile (raised at load time, never per request). */
export class TemplateSyntaxError extends Error {
  line?: number;
  column?: number;
  constructor(message: string, line?: number, column?: number) {
    super(message);
    this.name = 'TemplateSyntaxError';
    this.line = line;
    this.column = column;
  }
}

/**
 * An engine-level failure while rendering (attribute of an undefined value, bad operand types...).
 * Errors thrown by functions the template called are NOT wrapped in this: they come through unchanged.
 */
export class TemplateRenderError extends Error {
  line?: number;
  constructor(message: string, line?: number) {
    super(message);
    this.name = 'TemplateRenderError';
    this.line = line;
  }
}

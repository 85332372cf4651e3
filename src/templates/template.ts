/** The Template object handed to the rest of the app, and how render errors come out of nunjucks. */
import { TemplateRenderError } from './errors.js';
import { isCalleeError } from './runtime/lookup.js';

export interface Template {
  readonly source: string;
  render(context: Record<string, unknown>): string;
}

/** A compiled template among the plain values of an action's settings. */
export function isTemplate(value: object): value is Template {
  return typeof (value as Template).render === 'function' && typeof (value as Template).source === 'string';
}

/** What we need of a nunjucks Template (full or slim build). */
export interface NunjucksTemplateLike {
  render(context: object): string;
}

interface NunjucksError {
  name: string;
  message: string;
  cause?: unknown;
  Update: unknown;
}

function isNunjucksError(e: unknown): e is NunjucksError {
  return e instanceof Error && e.name === 'Template render error' && typeof (e as Partial<NunjucksError>).Update === 'function';
}

/**
 * nunjucks wraps anything thrown while rendering in its own "Template render error" (the original is
 * its `cause`). Errors thrown by functions the template called come back unchanged; our own
 * TemplateRenderError comes back as is; anything else is an engine failure → TemplateRenderError.
 */
export function unwrapRenderError(e: unknown): unknown {
  let err = e;
  while (isNunjucksError(err) && err.cause !== undefined) err = err.cause;
  if (err instanceof TemplateRenderError || isCalleeError(err)) return err;
  if (isNunjucksError(err)) return new TemplateRenderError(err.message.replace(/^\(.*?\)(?: \[Line \d+, Column \d+\])?\n\s*/, ''));
  if (!(err instanceof Error)) return err;
  return new TemplateRenderError(err.message);
}

export class JinjaTemplate implements Template {
  constructor(
    readonly source: string,
    private readonly compiled: NunjucksTemplateLike,
  ) {}

  render(context: Record<string, unknown>): string {
    try {
      return this.compiled.render(context);
    } catch (e) {
      throw unwrapRenderError(e);
    }
  }
}

import type { ActionDefinition } from './define-action.js';

/** The table of action names → definitions a config may use. */
export class ActionRegistry {
  private readonly actions = new Map<string, ActionDefinition<unknown>>();

  constructor(definitions: Iterable<ActionDefinition<unknown>> = []) {
    for (const definition of definitions) this.register(definition);
  }

  /** Adds an action; a name registered twice is an error. */
  register(definition: ActionDefinition<unknown>): void {
    if (this.actions.has(definition.name)) throw new Error(`action already registered: ${definition.name}`);
    this.actions.set(definition.name, definition);
  }

  get(name: string): ActionDefinition<unknown> | undefined {
    return this.actions.get(name);
  }

  names(): string[] {
    return [...this.actions.keys()];
  }
}

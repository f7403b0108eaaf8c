import { rootUser } from './dockerfile/root-user';
import { createRuleSet } from './engine/analyze';
import { builtinRules } from './engine/builtin';
import type { AnyRule } from './engine/rule';
import { dropAllCapabilities } from './kubernetes/drop-all-capabilities';

/** Every rule Bulkhead ships, in catalog order. A new rule file is added here. */
export const allRules: readonly AnyRule[] = [rootUser, dropAllCapabilities];

export const defaultRuleSet = createRuleSet(allRules, builtinRules);

import { isAlias, isSeq } from 'yaml';
import type { TextEdit } from '../engine/types';
import { type ComposeService, type ServiceSetting, serviceSetting } from '../model/compose';
import type { SourceText } from '../model/source';
import { getPair, type Node, resolveNode, type YAMLSeq } from '../model/yaml';
import { ensureSequenceItem, removeEntry, setMapValue } from './yaml-edit';

/**
 * Adds `item` to the list `key` of the service's own map, never to an anchor other services share.
 * A list the service writes itself grows in its own style; a list it gets through a `<<` merge key
 * or an alias is copied into the service with the item added, because an own key replaces the
 * merged one; a list from `extends` is left alone, because Compose merges the two.
 */
export function addServiceListItem(
  source: SourceText,
  service: ComposeService,
  key: string,
  item: string,
): TextEdit | undefined {
  if (service.aliasOf !== undefined) return undefined;
  const document = service.document.document;
  const own = getPair(service.node, key);
  if (own && !isAlias(own.value)) return ensureSequenceItem(source, document, service.node, [key], item);
  const setting = serviceSetting(source, service, key);
  const inheritedList = own ? resolveNode(document, own.value) : setting?.inherited?.via === 'merge' && setting.value;
  const copied = isSeq(inheritedList)
    ? inheritedList.items.flatMap((entry) => {
        const range = (entry as Node).range;
        return range ? [source.text.slice(range[0], range[1])] : [];
      })
    : [];
  return setMapValue(source, document, service.node, [key], `[${[...copied, item].join(', ')}]`);
}

/**
 * Removes one item from a list the service writes itself (the whole key when it is the only item
 * of a block list); undefined for inherited lists, which other services share.
 */
export function removeServiceListItem(
  source: SourceText,
  service: ComposeService,
  setting: ServiceSetting,
  item: Node,
): TextEdit | undefined {
  if (setting.inherited || isAlias(setting.pair.value) || !isSeq(setting.value)) return undefined;
  const seq = setting.value as YAMLSeq;
  if (seq.items.length === 1) return removeEntry(source, service.node, setting.pair);
  return removeEntry(source, seq, item);
}

/** Sets `key: value` in the service's own map; undefined when the whole service is a shared alias. */
export function setServiceValue(
  source: SourceText,
  service: ComposeService,
  key: string,
  value: string,
): TextEdit | undefined {
  if (service.aliasOf !== undefined) return undefined;
  return setMapValue(source, service.document.document, service.node, [key], value);
}

/** Every rule id a bundled standard uses has a title for reports: in the built-in catalogue or the manifest. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinRuleInfo } from '../../src/report/rule-catalog.js';
import { discoverStandards, loadStandard } from '../../src/standards/registry.js';

describe('rule titles of bundled standards', () => {
  for (const entry of discoverStandards([]).filter((e) => e.bundled)) {
    it(`${entry.manifest.id}@${entry.manifest.version}`, () => {
      const standard = loadStandard(entry);
      const used = new Set<string>();
      for (const t of standard.tables.values()) {
        for (const m of readFileSync(t.schemaPath, 'utf8').matchAll(/"ruleId":\s*"([^"]+)"/g)) used.add(m[1] as string);
      }
      const untitled = [...used].filter((r) => !builtinRuleInfo(r) && !entry.manifest.rules?.[r]);
      expect(untitled).toEqual([]);
    });
  }
});

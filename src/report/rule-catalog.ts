/**
 * Titles and help text for the rule ids carecheck itself produces (readers, the engine, key checks).
 *
 * Reporters show these as SARIF rule descriptions, HTML tooltips and Markdown headings, so the text
 * is written for the person fixing the export, not for the developer: what the rule checks, why it
 * matters for a statutory return and what to do. Standards add their own rule ids on top of these;
 * the CLI's `ruleInfo` looks here first and then in the standard.
 */
import type { RuleInfo } from '../reporters/types.js';

/** The catalogue, keyed by rule id. Kept in id order so additions are easy to review. */
export const RULE_CATALOG: Readonly<Record<string, RuleInfo>> = {
  'csv/blank-header': {
    title: 'Blank column header',
    help: 'A column in the header row has no name, so its values cannot be matched to a field of the standard. Give every column the field name the standard expects, or remove the empty column (often a trailing comma on the header line).',
  },
  'csv/blank-row': {
    title: 'Blank row',
    help: 'A row contains no values at all. Blank rows are usually left by spreadsheet editing; delete them so record numbers stay meaningful.',
  },
  'csv/duplicate-header': {
    title: 'Duplicate column header',
    help: 'Two or more columns have the same name, so it is ambiguous which one holds the field. Rename or remove the duplicate column.',
  },
  'csv/invalid-quote': {
    title: 'Invalid quoting',
    help: 'A quote character appears inside an unquoted value, or text follows a closing quote. Values that contain commas, quotes or line breaks must be wrapped in double quotes, with any double quote inside written twice ("").',
  },
  'csv/missing-column': {
    title: 'Missing column',
    help: 'A column the standard requires is not in the header row. Add the column (it may be empty where the standard allows) and check the header spelling matches the standard exactly.',
  },
  'csv/no-header': {
    title: 'No header row',
    help: 'The file has no header row, or the first row does not look like field names. The first row of a CSV return must name the columns as the standard does.',
  },
  'csv/ragged-row': {
    title: 'Wrong number of values in a row',
    help: 'A row has more or fewer values than the header has columns, so values may have shifted into the wrong fields. Look for an unquoted comma inside a value or a missing trailing value.',
  },
  'csv/unclosed-quote': {
    title: 'Unclosed quote',
    help: 'A quoted value is never closed, so the rest of the file is read as one value. Find the opening double quote and add the closing one.',
  },
  'csv/unknown-column': {
    title: 'Unknown column',
    help: 'The header has a column that the standard does not define. Remove it before submission, especially if it could hold personal data that the return does not ask for, or check its spelling.',
  },
  'io/binary': {
    title: 'File is not text',
    help: 'The file looks like binary data (for example a spreadsheet workbook saved with a .csv name, or a compressed file). Export the data as plain text in the expected format.',
  },
  'io/encoding': {
    title: 'Text encoding problem',
    help: 'The bytes of the file are not valid in the detected character encoding, so some characters could not be read. Save the export as UTF-8.',
  },
  'key/duplicate': {
    title: 'Duplicate key',
    help: 'Two records have the same key, which the standard requires to be unique. The finding names the other record involved. Remove the duplicate or correct one of the keys.',
  },
  'key/foreign': {
    title: 'Reference to a missing record',
    help: 'A record refers to a key that does not exist in the table it should point to. Check that the referenced record is included in the submission and that the key is written identically in both files.',
  },
  'parse/json': {
    title: 'Invalid JSON',
    help: 'The file is not well-formed JSON, so no records after the error could be checked. Fix the syntax at the reported line (often a trailing comma, a missing quote or a missing bracket).',
  },
  'parse/jsonl': {
    title: 'Invalid JSON Lines record',
    help: 'A line is not a single well-formed JSON value. In JSON Lines every line must hold exactly one complete record.',
  },
  'parse/yaml': {
    title: 'Invalid YAML',
    help: 'The file is not well-formed YAML, so records after the error could not be checked. Check indentation and quoting at the reported line.',
  },
  'record/age': {
    title: 'Age outside the allowed range',
    help: 'An age worked out from a date of birth (at the reference date the standard names, such as the end of the reporting period) is outside the range the standard allows. Check the date of birth and the reference date.',
  },
  'record/compare': {
    title: 'Fields inconsistent with each other',
    help: 'Two fields of the same record break a rule that relates them, for example an end date before a start date. Check both fields named in the message.',
  },
  'schema/additionalProperties': {
    title: 'Field not in the standard',
    help: 'The record has a field that the standard does not define. Remove it, especially if it could hold personal data the return does not ask for, or check its spelling.',
  },
  'schema/anyOf': {
    title: 'Value matches none of the allowed forms',
    help: 'The value does not match any of the alternatives the standard allows for this field.',
  },
  'schema/const': {
    title: 'Value must be a fixed value',
    help: 'The standard requires this field to hold one specific value (for example a return code or version marker).',
  },
  'schema/contains': {
    title: 'List lacks a required item',
    help: 'The list does not contain an item of the kind the standard requires.',
  },
  'schema/dependentRequired': {
    title: 'Field required by another field',
    help: 'Because another field has a value, the standard requires this field too.',
  },
  'schema/enum': {
    title: 'Value not in the code list',
    help: "The value is not one of the codes the standard allows for this field. Map local codes to the standard's code list; check case and spacing, which must match exactly.",
  },
  'schema/exclusiveMaximum': {
    title: 'Value too large',
    help: 'The number must be smaller than the maximum the standard sets.',
  },
  'schema/exclusiveMinimum': {
    title: 'Value too small',
    help: 'The number must be larger than the minimum the standard sets.',
  },
  'schema/format': {
    title: 'Value in the wrong format',
    help: 'The value does not have the format the standard requires for this field (for example a date as YYYY-MM-DD, a valid NHS number or a UK postcode).',
  },
  'schema/if': {
    title: 'Conditional rule not met',
    help: 'The standard requires something of this record because of the value of another field (for example a reason must be given when a service has ended). The message says which condition applied.',
  },
  'schema/maxItems': {
    title: 'Too many items',
    help: 'The list has more items than the standard allows.',
  },
  'schema/maxLength': {
    title: 'Text too long',
    help: 'The value has more characters than the standard allows for this field. Shorten it or check that the right field was exported.',
  },
  'schema/maxProperties': {
    title: 'Too many fields',
    help: 'The object has more fields than the standard allows.',
  },
  'schema/maximum': {
    title: 'Value too large',
    help: 'The number is larger than the maximum the standard allows for this field.',
  },
  'schema/minItems': {
    title: 'Too few items',
    help: 'The list has fewer items than the standard requires.',
  },
  'schema/minLength': {
    title: 'Text too short',
    help: 'The value has fewer characters than the standard requires for this field. An empty value may mean the field should be left out instead.',
  },
  'schema/minProperties': {
    title: 'Too few fields',
    help: 'The object has fewer fields than the standard requires.',
  },
  'schema/minimum': {
    title: 'Value too small',
    help: 'The number is smaller than the minimum the standard allows for this field.',
  },
  'schema/multipleOf': {
    title: 'Value not a whole multiple',
    help: 'The number must be a multiple of the step the standard sets (for example whole pence or quarter hours).',
  },
  'schema/not': {
    title: 'Value not allowed',
    help: 'The value matches a form the standard explicitly forbids for this field.',
  },
  'schema/oneOf': {
    title: 'Value must match exactly one form',
    help: 'The value matches none, or more than one, of the alternatives the standard allows for this field.',
  },
  'schema/pattern': {
    title: 'Value does not match the required pattern',
    help: 'The value does not have the shape the standard requires for this field (for example a local authority code or reference number). Check length, letters and digits, and stray spaces.',
  },
  'schema/propertyNames': {
    title: 'Invalid field name',
    help: 'A field name does not follow the naming rule the standard sets.',
  },
  'schema/required': {
    title: 'Required field missing',
    help: 'A field the standard requires is absent (or, in CSV, empty). Add a value, or use the code the standard gives for "not known" where it has one.',
  },
  'schema/type': {
    title: 'Value of the wrong type',
    help: 'The value is not of the type the standard requires for this field (for example text where a number is expected). In CSV, check for units, thousands separators or stray characters in numeric columns.',
  },
  'schema/uniqueItems': {
    title: 'Repeated items in a list',
    help: 'The list contains the same item more than once, which the standard does not allow.',
  },
  'value/case': {
    title: 'Code in the wrong case',
    help: "The value matches an allowed code except for upper/lower case. Codes must be written exactly as in the standard's code list.",
  },
  'value/formula': {
    title: 'Value looks like a spreadsheet formula',
    help: 'The value starts with a character that spreadsheets read as a formula (=, +, -, @). It may be a formula left over from a spreadsheet, or unsafe to open in one. Check where the value came from.',
  },
  'value/literal-null': {
    title: 'Placeholder text instead of an empty value',
    help: 'The value is a placeholder such as NULL, N/A or None written as text. Leave the field empty, or use the code the standard gives for "not known".',
  },
  'value/whitespace': {
    title: 'Leading or trailing spaces',
    help: 'The value starts or ends with spaces or other invisible characters, which makes it differ from the code or key it should match. Trim the value.',
  },
};

/** The built-in description of a rule id, or undefined when the id is not one of carecheck's own. */
export function builtinRuleInfo(rule: string): RuleInfo | undefined {
  // Object.hasOwn so ids such as 'constructor' or '__proto__' never reach Object.prototype.
  return Object.hasOwn(RULE_CATALOG, rule) ? RULE_CATALOG[rule] : undefined;
}

/** Every built-in rule id, sorted. */
export function builtinRuleIds(): string[] {
  return Object.keys(RULE_CATALOG).sort();
}

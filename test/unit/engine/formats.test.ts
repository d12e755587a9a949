import { Ajv } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AjvInstance,
  compareDates,
  isCqcLocationId,
  isNhsNumber,
  isNiNumber,
  isOdsCode,
  isOnsAreaCode,
  isPlaceholderNhsNumber,
  isPseudoPostcode,
  isUkDate,
  isUkOrIsoDate,
  isUkPostcode,
  nhsCheckDigit,
  registerUkFormats,
  UK_FORMAT_NAMES,
  ukFormats,
} from '../../../src/engine/formats/uk.js';

const addFormats = addFormatsModule.default;
const AJV_OPTIONS = { allErrors: true, strict: true, allowMatchingProperties: true, $data: true } as const;

describe('isNhsNumber (§4.1)', () => {
  it.each([
    '9434765919',
    '943 476 5919',
    '4010232137',
    '401 023 2137',
    '4857773457',
    '9999999999',
    '0000000000', // passes Modulus 11: valid format, flagged by isPlaceholderNhsNumber
  ])('accepts %j', (text) => {
    expect(isNhsNumber(text)).toBe(true);
  });

  it.each([
    '9991234560', // check digit would be 10: never issued (the README example that fails)
    '999 123 4560',
    '9434765918', // last digit off by one
    '9434765910',
    '8434765919', // first digit changed
    '9434765991', // two digits swapped (Modulus 11 catches transpositions)
    '943476591', // 9 digits
    '94347659190', // 11 digits
    '943-476-5919', // only spaces are allowed as separators
    '9434 765 919', // not 3-3-4
    '943 4765919',
    '943  476 5919',
    ' 9434765919',
    '9434765919 ',
    '943476591a',
    '９４３４７６５９１９', // full-width digits
    '',
  ])('rejects %j', (text) => {
    expect(isNhsNumber(text)).toBe(false);
  });

  it('nhsCheckDigit follows the NHS Data Dictionary worked example', () => {
    expect(nhsCheckDigit('943476591')).toBe(9);
    expect(nhsCheckDigit('999123456')).toBeNull(); // check of 10
    expect(nhsCheckDigit('12345678')).toBeNull();
    expect(nhsCheckDigit('12345678x')).toBeNull();
  });

  const validNhsNumber = fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
    .map((digits) => digits.join(''))
    .filter((nine) => nhsCheckDigit(nine) !== null)
    .map((nine) => nine + String(nhsCheckDigit(nine)));

  it('accepts every number with a computed check digit, compact and 3-3-4', () => {
    fc.assert(
      fc.property(validNhsNumber, (nhs) => {
        expect(isNhsNumber(nhs)).toBe(true);
        expect(isNhsNumber(`${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`)).toBe(true);
      }),
    );
  });

  it('rejects every number with any single digit changed', () => {
    fc.assert(
      fc.property(
        validNhsNumber,
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        (nhs, position, delta) => {
          const digit = (Number(nhs[position]) + delta) % 10;
          const changed = nhs.slice(0, position) + String(digit) + nhs.slice(position + 1);
          expect(isNhsNumber(changed)).toBe(false);
        },
      ),
    );
  });

  it('agrees with the reference implementation on arbitrary digit strings', () => {
    const reference = (raw: string): boolean => {
      if (!/^\d{10}$/.test(raw)) return false;
      let sum = 0;
      for (let i = 0; i < 9; i++) sum += Number(raw[i]) * (10 - i);
      let check = 11 - (sum % 11);
      if (check === 11) check = 0;
      if (check === 10) return false;
      return check === Number(raw[9]);
    };
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{10}$/), (text) => {
        expect(isNhsNumber(text)).toBe(reference(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('isPlaceholderNhsNumber spots all-same-digit numbers, which all pass Modulus 11', () => {
    for (let d = 0; d <= 9; d++) {
      const same = String(d).repeat(10);
      expect(isNhsNumber(same)).toBe(true);
      expect(isPlaceholderNhsNumber(same)).toBe(true);
      expect(isPlaceholderNhsNumber(`${same.slice(0, 3)} ${same.slice(3, 6)} ${same.slice(6)}`)).toBe(true);
    }
    expect(isPlaceholderNhsNumber('9434765919')).toBe(false);
    expect(isPlaceholderNhsNumber('aaaaaaaaaa')).toBe(false);
    expect(isPlaceholderNhsNumber('000000000')).toBe(false);
    expect(isPlaceholderNhsNumber('          ')).toBe(false);
  });
});

describe('isUkPostcode (§4.2)', () => {
  it.each([
    'SW1A 1AA', // AA9A
    'sw1a 1aa', // either case
    'Sw1A 1aA',
    'EC1A 1BB',
    'W1A 0AX', // A9A
    'M1 1AE', // A9
    'B33 8TH', // A99
    'CR2 6XH', // AA9
    'DN55 1PT', // AA99
    'N1P 2NG', // A9A with P (after BS7666)
    'SE1P 5LX',
    'BT1 5GS', // Northern Ireland
    'ZE1 0AA', // Shetland: Z first is fine
    'IM1 1AA', // Isle of Man: I first is fine
    'GIR 0AA', // Girobank
    'gir 0aa',
    'ZZ99 3VZ', // NHS pseudo: no fixed abode
    'ZZ99 3WZ',
    'ZZ99 3CZ',
    'ZZ99 6CZ', // overseas (India)
    'zz99 3vz',
  ])('accepts %j', (text) => {
    expect(isUkPostcode(text)).toBe(true);
  });

  it.each([
    'EC1A1BB', // the single space is required (contract; PAF form; ASC-WDS)
    'SW1A1AA',
    'SW1A  1AA', // double space
    'SW1A\t1AA',
    ' SW1A 1AA',
    'SW1A 1AA ',
    'QW1 1AA', // Q never first
    'VA1 1AA', // V never first
    'XM4 5HQ', // X never first (and not a UK postcode)
    'AI1 1AA', // I never second
    'AJ1 1AA', // J never second
    'AZ1 1AA', // Z never second
    'W1I 1AA', // I not a 3rd-position letter of A9A
    'W1L 1AA',
    'EC1C 1AA', // C not a 4th-position letter of AA9A
    'SW1A 1AC', // C never in the inward code
    'SW1A 1IA',
    'SW1A 1KA',
    'SW1A 1MA',
    'SW1A 1OA',
    'SW1A 1VA',
    'SW1A 1A', // short inward
    'SW1A AAA',
    'SW123 1AA',
    'S 1AA',
    'ZZ99 3V', // pseudo, too short
    'ZZ99 3VA', // pseudo must end in Z
    'ASCN 1ZZ', // overseas territory, not UK
    '',
  ])('rejects %j', (text) => {
    expect(isUkPostcode(text)).toBe(false);
  });

  it('isPseudoPostcode is only for ZZ99', () => {
    expect(isPseudoPostcode('ZZ99 3VZ')).toBe(true);
    expect(isPseudoPostcode('zz99 1wz')).toBe(true);
    expect(isPseudoPostcode('SW1A 1AA')).toBe(false);
    expect(isPseudoPostcode('ZZ993VZ')).toBe(false);
  });

  it('accepts every generated postcode of the documented shapes, in either case', () => {
    const pick = (chars: string) => fc.constantFrom(...chars.split(''));
    const first = pick('ABCDEFGHIJKLMNOPRSTUWYZ');
    const second = pick('ABCDEFGHKLMNOPQRSTUVWXY');
    const digit = pick('0123456789');
    const third = pick('ABCDEFGHJKPSTUW');
    const fourth = pick('ABEHMNPRVWXY');
    const inwardLetter = pick('ABDEFGHJLNPQRSTUWXYZ');
    const outward = fc.oneof(
      fc.tuple(first, digit).map((p) => p.join('')),
      fc.tuple(first, digit, digit).map((p) => p.join('')),
      fc.tuple(first, second, digit).map((p) => p.join('')),
      fc.tuple(first, second, digit, digit).map((p) => p.join('')),
      fc.tuple(first, digit, third).map((p) => p.join('')),
      fc.tuple(first, second, digit, fourth).map((p) => p.join('')),
    );
    const inward = fc.tuple(digit, inwardLetter, inwardLetter).map((p) => p.join(''));
    fc.assert(
      fc.property(outward, inward, fc.boolean(), (out, inw, lower) => {
        const postcode = `${out} ${inw}`;
        expect(isUkPostcode(lower ? postcode.toLowerCase() : postcode)).toBe(true);
        expect(isUkPostcode(out + inw)).toBe(false);
        expect(isUkPostcode(`${postcode} `)).toBe(false);
      }),
    );
  });
});

describe('isOnsAreaCode (§4.5)', () => {
  it.each([
    'E06000002',
    'E09000011',
    'E07000008',
    'E01000001',
    'W06000015',
    'S12000033',
    'N09000003',
    'K02000001',
  ])('accepts %j', (text) => {
    expect(isOnsAreaCode(text)).toBe(true);
  });
  it.each(['E6000002', 'E060000021', 'e06000002', 'X06000002', 'E0600000A', ' E06000002', 'E06 000002', ''])(
    'rejects %j',
    (text) => {
      expect(isOnsAreaCode(text)).toBe(false);
    },
  );
});

describe('isCqcLocationId (§4.4)', () => {
  it.each(['1-123039495', '1-12345678', '1-123456789012', '0-00000000'])('accepts %j', (text) => {
    expect(isCqcLocationId(text)).toBe(true);
  });
  it.each(['1-1234567', '1-1234567890123', '12-123039495', '1123039495', '1 123039495', 'A-123039495', ''])(
    'rejects %j',
    (text) => {
      expect(isCqcLocationId(text)).toBe(false);
    },
  );
});

describe('isOdsCode (§4.3)', () => {
  it.each(['VLAXL', 'A81001', 'K81003001', 'G3472185', 'FVR79', 'V03462', 'RX1'])('accepts %j', (text) => {
    expect(isOdsCode(text)).toBe(true);
  });
  it.each(['AB', 'K810030011', 'vlaxl', 'VLA XL', 'VLA-XL', ' VLAXL', ''])('rejects %j', (text) => {
    expect(isOdsCode(text)).toBe(false);
  });
});

describe('isNiNumber (HMRC prefix rules; ASC-WDS §2.3)', () => {
  it.each([
    'AB123456C',
    'AB 12 34 56 C', // HMRC grouping
    'ab123456c', // either case
    'AB123456', // suffix optional (as ASC-WDS)
    'AB 12 34 56',
    'AB123456A',
    'AB123456D',
    'CE123456A',
    'OA123456A', // O is allowed first, not second
    'ZY123456A',
  ])('accepts %j', (text) => {
    expect(isNiNumber(text)).toBe(true);
  });

  it.each([
    'BG123456A', // never-allocated prefixes
    'GB123456A',
    'KN123456A',
    'NK123456A',
    'NT123456A',
    'TN123456A',
    'ZZ123456A',
    'bg123456a',
    'QQ123456C', // Q never first or second
    'DA123456A', // D, F, I, Q, U, V never first
    'FA123456A',
    'IA123456A',
    'UA123456A',
    'VA123456A',
    'AD123456A', // D, F, I, O, Q, U, V never second
    'AF123456A',
    'AI123456A',
    'AO123456A',
    'AQ123456A',
    'AU123456A',
    'AV123456A',
    'AB123456E', // suffix A–D only
    'AB12345C', // 5 digits
    'AB1234567C',
    'AB 123456 C', // not HMRC grouping
    'AB 12 34 56C',
    'AB12 34 56 C',
    ' AB123456C',
    'AB123456C ',
    '',
  ])('rejects %j', (text) => {
    expect(isNiNumber(text)).toBe(false);
  });
});

describe('date formats (§4.8)', () => {
  it('isUkDate accepts dd/mm/yyyy real dates only', () => {
    expect(isUkDate('29/02/2024')).toBe(true);
    expect(isUkDate('31/04/2024')).toBe(false);
    expect(isUkDate('29/02/1900')).toBe(false);
    expect(isUkDate('1/2/2024')).toBe(false);
    expect(isUkDate('2024-02-29')).toBe(false);
  });

  it('isUkOrIsoDate accepts both forms', () => {
    expect(isUkOrIsoDate('29/02/2024')).toBe(true);
    expect(isUkOrIsoDate('2024-02-29')).toBe(true);
    expect(isUkOrIsoDate('29/02/2000')).toBe(true);
    expect(isUkOrIsoDate('2023-02-29')).toBe(false);
    expect(isUkOrIsoDate('1/2/2024')).toBe(false);
  });

  it('compareDates orders dates across both forms and is undefined for non-dates', () => {
    expect(compareDates('01/01/2024', '2024-01-01')).toBe(0);
    expect(compareDates('31/12/2023', '2024-01-01')).toBeLessThan(0);
    expect(compareDates('2024-01-02', '01/01/2024')).toBeGreaterThan(0);
    expect(compareDates('31/02/2024', '2024-01-01')).toBeUndefined();
    expect(compareDates('2024-01-01', 'soon')).toBeUndefined();
  });
});

describe('ajv registration', () => {
  const ajvClasses = [
    ['Ajv2020', () => new Ajv2020(AJV_OPTIONS)],
    ['Ajv2019', () => new Ajv2019(AJV_OPTIONS)],
    ['Ajv (draft-07)', () => new Ajv(AJV_OPTIONS)],
  ] as const;

  it('registers the formats named in standards/README.md', () => {
    expect([...UK_FORMAT_NAMES].sort()).toEqual(
      [
        'cqc-location-id',
        'ni-number',
        'nhs-number',
        'ods-code',
        'ons-area-code',
        'uk-date',
        'uk-or-iso-date',
        'uk-postcode',
      ].sort(),
    );
    expect(ukFormats['uk-date'].compare).toBeTypeOf('function');
    expect(ukFormats['uk-or-iso-date'].compare).toBeTypeOf('function');
  });

  describe.each(ajvClasses)('%s, strict, with ajv-formats', (_name, make) => {
    const setup = (): AjvInstance => {
      const ajv = make();
      addFormats(ajv);
      registerUkFormats(ajv);
      return ajv;
    };

    it('validates every format through `format`', () => {
      const ajv = setup();
      const validate = ajv.compile({
        type: 'object',
        properties: {
          nhs: { type: 'string', format: 'nhs-number' },
          postcode: { type: 'string', format: 'uk-postcode' },
          ons: { type: 'string', format: 'ons-area-code' },
          cqc: { type: 'string', format: 'cqc-location-id' },
          ods: { type: 'string', format: 'ods-code' },
          ni: { type: 'string', format: 'ni-number' },
          ukDate: { type: 'string', format: 'uk-date' },
          anyDate: { type: 'string', format: 'uk-or-iso-date' },
          email: { type: 'string', format: 'email' },
        },
      });
      const good = {
        nhs: '943 476 5919',
        postcode: 'SW1A 1AA',
        ons: 'E06000002',
        cqc: '1-123039495',
        ods: 'VLAXL',
        ni: 'AB123456C',
        ukDate: '29/02/2024',
        anyDate: '2024-02-29',
        email: 'a@example.org',
      };
      expect(validate(good)).toBe(true);
      const bad = {
        nhs: '9991234560',
        postcode: 'SW1A  1AA',
        ons: 'E6000002',
        cqc: '1-123',
        ods: 'ab',
        ni: 'BG123456A',
        ukDate: '2024-02-29',
        anyDate: '29/02/2023',
        email: 'nope',
      };
      expect(validate(bad)).toBe(false);
      expect(validate.errors?.map((e) => [e.instancePath, e.keyword, e.params['format']])).toEqual(
        Object.entries({
          nhs: 'nhs-number',
          postcode: 'uk-postcode',
          ons: 'ons-area-code',
          cqc: 'cqc-location-id',
          ods: 'ods-code',
          ni: 'ni-number',
          ukDate: 'uk-date',
          anyDate: 'uk-or-iso-date',
          email: 'email',
        }).map(([field, format]) => [`/${field}`, 'format', format]),
      );
    });

    it('supports formatMinimum / formatMaximum on the date formats, with limits in either form', () => {
      const ajv = setup();
      const validate = ajv.compile({
        type: 'object',
        properties: {
          dob: {
            type: 'string',
            format: 'uk-date',
            formatMinimum: '1900-01-01',
            formatMaximum: '31/12/2030',
          },
          start: { type: 'string', format: 'uk-or-iso-date', formatExclusiveMinimum: '2020-01-01' },
        },
      });
      expect(validate({ dob: '01/01/1900', start: '02/01/2020' })).toBe(true);
      expect(validate({ dob: '31/12/2030', start: '2020-01-02' })).toBe(true);
      expect(validate({ dob: '31/12/1899', start: '2020-01-01' })).toBe(false);
      expect(validate.errors?.map((e) => [e.instancePath, e.keyword])).toEqual([
        ['/dob', 'formatMinimum'],
        ['/start', 'formatExclusiveMinimum'],
      ]);
      expect(validate({ dob: '01/01/2031' })).toBe(false);
      expect(validate.errors?.map((e) => e.keyword)).toEqual(['formatMaximum']);
      // A malformed date fails `format` only, not the limit as well.
      expect(validate({ dob: '31/02/1800' })).toBe(false);
      expect(validate.errors?.map((e) => e.keyword)).toEqual(['format']);
    });

    it('lets non-strings through `format` (type is checked by `type`)', () => {
      const ajv = make();
      const loose = new (ajv.constructor as new (o: object) => AjvInstance)({ strict: false });
      registerUkFormats(loose);
      for (const name of UK_FORMAT_NAMES) {
        expect(ukFormats[name].type).toBe('string');
        expect(loose.validate({ format: name }, 9434765919)).toBe(true);
        expect(loose.validate({ format: name }, 'x')).toBe(false);
      }
    });
  });
});

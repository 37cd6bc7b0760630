import { canonical, decodeQuantity, ENV_VAR, VOLUME } from '../src/engine/go-equal';

describe('quantities, as resource.ParseQuantity decodes them for reflect.DeepEqual', () => {
  test.each([
    ['1024Mi', '1048576Ki'],
    ['1Gi', '1Gi'],
    ['100m', '100m'],
    ['2', '2'],
    ['1.5Gi', '1.5Gi'],
  ])('%s equals %s', (a, b) => {
    expect(decodeQuantity(a)).toBe(decodeQuantity(b));
  });

  test.each([
    ['1Gi', '1024Mi', 'the canonical 1Gi keeps its text, 1024Mi does not'],
    ['1', '1000m', 'another scale'],
    ['500m', '0.5', 'another scale'],
    ['1k', '1e3', 'another format'],
    ['1.5Gi', '1536Mi', 'the slow path stores a decimal, the fast path an int64'],
    ['0', '00', '"0" keeps its text'],
  ])('%s differs from %s (%s)', (a, b) => {
    expect(decodeQuantity(a)).not.toBe(decodeQuantity(b));
  });

  test('the fast path keeps the amount, the scale, the format and (when canonical) the text', () => {
    expect(decodeQuantity('1Gi')).toBe('i:1073741824:0:BinarySI:"1Gi"');
    expect(decodeQuantity('1024Mi')).toBe('i:1073741824:0:BinarySI:');
    expect(decodeQuantity('500m')).toBe('i:500:-3:DecimalSI:"500m"');
    expect(decodeQuantity('-2k')).toBe('i:-2:3:DecimalSI:"-2k"');
  });

  test('the slow path rounds up to nano units', () => {
    expect(decodeQuantity('0.0000000001')).toBe('d:1:9:DecimalSI');
    expect(decodeQuantity('1.5Gi')).toBe('d:1610612736000000000:9:BinarySI');
  });

  test.each(['', 'abc', '1Qi', '1.2.3', '--1', '1e'])('refuses %j as Go does', (text) => {
    expect(decodeQuantity(text)).toBeUndefined();
  });
});

describe('Go decoding: zero values, pointers, slices', () => {
  test('an absent string, bool or int equals its zero value', () => {
    expect(canonical(ENV_VAR, { name: 'A', value: '' })).toBe(canonical(ENV_VAR, { name: 'A' }));
  });
  test('a pointer to a zero value is not nil', () => {
    const ref = (optional?: boolean) => ({ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k', optional } } });
    expect(canonical(ENV_VAR, ref(false))).not.toBe(canonical(ENV_VAR, ref()));
    expect(canonical(ENV_VAR, { name: 'A', valueFrom: {} })).not.toBe(canonical(ENV_VAR, { name: 'A' }));
  });
  test('an empty slice is not a nil slice', () => {
    const volume = (items?: unknown[]) => ({ name: 'v', secret: { secretName: 's', items } });
    expect(canonical(VOLUME, volume([]))).not.toBe(canonical(VOLUME, volume()));
  });
  test('unknown fields are dropped (the API server prunes them) and key order does not matter', () => {
    expect(canonical(VOLUME, { secret: { secretName: 's' }, name: 'v', unknown: 1 })).toBe(canonical(VOLUME, { name: 'v', secret: { secretName: 's' } }));
  });
});

package types

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/pgfast/pgfast/wire/pgcode"
	"github.com/pgfast/pgfast/wire/pgerror"
)

func TestParseUUID(t *testing.T) {
	const want = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"
	for _, in := range []string{
		want,
		"A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
		"{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}",
		"a0eebc999c0b4ef8bb6d6bb9bd380a11",
		"a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11",
		"{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}",
	} {
		u, err := ParseUUID(in)
		if err != nil {
			t.Errorf("ParseUUID(%q): %v", in, err)
			continue
		}
		if got := string(AppendUUID(nil, u)); got != want {
			t.Errorf("ParseUUID(%q) prints %q, want %q", in, got, want)
		}
	}
	for _, in := range []string{
		"", "{}", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111",
		"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11-", "-a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
		"a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11", "a0eeb-c99-9c0b-4ef8-bb6d-6bb9bd380a11",
		"{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}",
		" a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
	} {
		_, err := ParseUUID(in)
		if pgerror.GetCode(err) != pgcode.InvalidTextRepresentation ||
			err.Error() != `invalid input syntax for type uuid: "`+in+`"` {
			t.Errorf("ParseUUID(%q) = %v, want 22P02", in, err)
		}
	}
}

func TestUUIDIO(t *testing.T) {
	b := array.NewBuilder(memory.DefaultAllocator, UUIDArrowType)
	defer b.Release()
	tu := Of(UUID)
	if err := TextParserFor(tu, nil)(b, []byte("{00112233-4455-6677-8899-AABBCCDDEEFF}")); err != nil {
		t.Fatal(err)
	}
	raw := []byte{0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa, 0x99, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0x00}
	if err := BinaryParserFor(tu, nil)(b, raw); err != nil {
		t.Fatal(err)
	}
	if err := BinaryParserFor(tu, nil)(b, raw[:15]); pgerror.GetCode(err) != pgcode.ProtocolViolation {
		t.Errorf("15-byte binary uuid: %v", err)
	}
	b.AppendNull()
	arr := b.NewArray()
	defer arr.Release()
	if !IsUUIDArrow(arr.DataType()) || arr.Len() != 3 || arr.NullN() != 1 {
		t.Fatalf("built %s of %d rows", arr.DataType(), arr.Len())
	}
	text := TextAppender(tu, arr, nil)
	if got := string(text(nil, 0)); got != "00112233-4455-6677-8899-aabbccddeeff" {
		t.Errorf("text output %q", got)
	}
	if got := string(text(nil, 1)); got != "ffeeddcc-bbaa-9988-7766-554433221100" {
		t.Errorf("text output %q", got)
	}
	if got := BinaryAppender(tu, arr, nil)(nil, 1); string(got) != string(raw) {
		t.Errorf("binary output %x", got)
	}
	v := UUIDValues(arr)
	if CompareUUID(&v[0], &v[1]) >= 0 || CompareUUID(&v[1], &v[0]) <= 0 || CompareUUID(&v[0], &v[0]) != 0 {
		t.Errorf("CompareUUID does not order bytewise")
	}
}

func TestRandomUUID(t *testing.T) {
	a, b := RandomUUID(), RandomUUID()
	if a == b {
		t.Fatal("two random uuids are equal")
	}
	for _, u := range [][16]byte{a, b} {
		if u[6]>>4 != 4 || u[8]>>6 != 2 {
			t.Errorf("%s is not a version 4, RFC 4122 uuid", AppendUUID(nil, u))
		}
	}
}

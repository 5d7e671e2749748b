package validation

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestTimestamp(t *testing.T) {
	accepted := map[string]string{
		`"2024-05-01T14:30:00.123456+02:00"`: "2024-05-01T12:30:00.123Z",
		`"2024-01-02T03:04:05Z"`:             "2024-01-02T03:04:05.000Z",
		`"2024-01-02t03:04:05z"`:             "2024-01-02T03:04:05.000Z",
		`"2020-02-29T08:15:30-05:30"`:        "2020-02-29T13:45:30.000Z",
		`"2023-06-30T23:59:59.5+02:00"`:      "2023-06-30T21:59:59.500Z",
	}
	for in, want := range accepted {
		got, problem := Timestamp(json.RawMessage(in))
		if problem != "" || got.String() != want {
			t.Errorf("%s: got %q (%s), want %q", in, got, problem, want)
		}
	}
	rejected := []string{
		`"2024-01-02 03:04:05Z"`, `"2024-01-02T03:04:05"`, `"2024-13-45T00:00:00Z"`,
		`"2023-02-29T00:00:00Z"`, `"2024-01-02T24:00:00Z"`, `"2024-01-02T03:04:05+24:00"`,
		`"not a date"`, `5`, `"2024-01-02T03:04:05.Z"`, `"２024-01-02T03:04:05Z"`,
	}
	for _, in := range rejected {
		if _, problem := Timestamp(json.RawMessage(in)); problem == "" {
			t.Errorf("%s was accepted", in)
		}
	}
}

func TestInt(t *testing.T) {
	for in, want := range map[string]int64{"0": 0, "9007199254740991": 1<<53 - 1, "-9007199254740991": -(1<<53 - 1), "1e3": 1000} {
		if got, problem := Int(json.RawMessage(in)); problem != "" || got != want {
			t.Errorf("%s: got %d (%s), want %d", in, got, problem, want)
		}
	}
	for _, in := range []string{"1.5", `"1"`, "true", "9007199254740992", "-9007199254740992", "1e400"} {
		if _, problem := Int(json.RawMessage(in)); problem == "" {
			t.Errorf("%s was accepted", in)
		}
	}
}

func TestStringsAndBools(t *testing.T) {
	if _, problem := String(json.RawMessage(`"a\u0000b"`)); problem == "" {
		t.Error("U+0000 was accepted")
	}
	long := `"` + strings.Repeat("é", 256) + `"`
	if _, problem := String(json.RawMessage(long)); problem == "" {
		t.Error("256 characters were accepted")
	}
	if _, problem := String(json.RawMessage(`"` + strings.Repeat("é", 255) + `"`)); problem != "" {
		t.Errorf("255 characters were refused: %s", problem)
	}
	for _, in := range []string{`"true"`, "1", "0"} {
		if _, problem := Bool(json.RawMessage(in)); problem == "" {
			t.Errorf("%s was accepted as a bool", in)
		}
	}
	if _, problem := Float(json.RawMessage("1e400")); problem == "" {
		t.Error("1e400 was accepted as a finite float")
	}
}

func TestDecodeObject(t *testing.T) {
	for in, want := range map[string]error{
		`{"a": 1}`:              nil,
		`{"a": "\ud83d\ude00"}`: nil,
		`{"a": `:                ErrMalformed,
		"{\"a\": \"\xff\"}":     ErrMalformed,
		`{"a": "\ud800"}`:       ErrMalformed,
		`{"a": "\udc00x"}`:      ErrMalformed,
		`[]`:                    ErrNotObject,
		`null`:                  ErrNotObject,
		`"x"`:                   ErrNotObject,
		``:                      ErrMalformed,
	} {
		if _, err := DecodeObject([]byte(in)); err != want {
			t.Errorf("%q: got %v, want %v", in, err, want)
		}
	}
}

func TestParseID(t *testing.T) {
	for in, want := range map[string]bool{
		"7": true, "9223372036854775807": true, "0": false, "07": false, "+7": false,
		" 7": false, "7.0": false, "7e0": false, "٧": false, "1_2": false, "9223372036854775808": false,
	} {
		if _, ok := ParseID(in); ok != want {
			t.Errorf("%q: got %v, want %v", in, ok, want)
		}
	}
}

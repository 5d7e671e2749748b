package model

import (
	"database/sql/driver"
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Layout is how a Timestamp is written, in JSON and in the database: UTC with
// exactly three fraction digits.
const Layout = "2006-01-02T15:04:05.000Z"

// Timestamp is an instant in UTC, kept to the millisecond.
type Timestamp struct {
	time.Time
}

var rfc3339 = regexp.MustCompile(
	`^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$`)

// ParseTimestamp reads an RFC 3339 date-time with a required offset (`Z`, `z`
// or ±HH:MM; `T` or `t` between date and time). Finer than milliseconds is
// truncated. Impossible dates and times, and instants outside the years 0000
// to 9999 in UTC, are errors.
func ParseTimestamp(s string) (Timestamp, error) {
	m := rfc3339.FindStringSubmatch(s)
	if m == nil {
		return Timestamp{}, fmt.Errorf("not an RFC 3339 date-time: %q", s)
	}
	n := func(i int) int {
		v, _ := strconv.Atoi(m[i]) // the pattern allows only digits
		return v
	}
	year, month, day, hour, minute, second := n(1), n(2), n(3), n(4), n(5), n(6)
	nanos := 0
	if frac := m[7]; frac != "" {
		digits := (frac[1:] + "000000000")[:9]
		nanos, _ = strconv.Atoi(digits)
	}
	offset := 0
	if m[8] != "" {
		oh, om := n(9), n(10)
		if oh > 23 || om > 59 {
			return Timestamp{}, fmt.Errorf("impossible offset in %q", s)
		}
		offset = (oh*60 + om) * 60
		if m[8] == "-" {
			offset = -offset
		}
	}
	local := time.Date(year, time.Month(month), day, hour, minute, second, nanos, time.UTC)
	// time.Date normalises 2024-02-30 into March: a round trip finds impossible values.
	if local.Year() != year || int(local.Month()) != month || local.Day() != day ||
		local.Hour() != hour || local.Minute() != minute || local.Second() != second {
		return Timestamp{}, fmt.Errorf("impossible date or time in %q", s)
	}
	utc := local.Add(-time.Duration(offset) * time.Second).Truncate(time.Millisecond)
	if utc.Year() < 0 || utc.Year() > 9999 {
		return Timestamp{}, fmt.Errorf("year out of range in %q", s)
	}
	return Timestamp{utc}, nil
}

// String is the canonical form, e.g. 2024-05-01T12:30:00.123Z.
func (t Timestamp) String() string {
	return t.UTC().Format(Layout)
}

// MarshalJSON writes the canonical form as a JSON string.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	return []byte(`"` + t.String() + `"`), nil
}

// Value stores the canonical form as TEXT.
func (t Timestamp) Value() (driver.Value, error) {
	return t.String(), nil
}

// Scan reads the canonical form back from a TEXT column.
func (t *Timestamp) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("timestamp: cannot scan %T", src)
	}
	parsed, err := time.Parse(Layout, s)
	if err != nil {
		return err
	}
	t.Time = parsed.UTC()
	return nil
}

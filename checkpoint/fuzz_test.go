package checkpoint

import (
	"bytes"
	"reflect"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to the checkpoint reader: it must never
// panic, and whatever it accepts must survive an encode/decode round trip.
func FuzzDecode(f *testing.F) {
	for _, c := range []*Checkpoint{sample(1), sample(2)} {
		var b bytes.Buffer
		if err := Encode(&b, c); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
	}
	f.Add([]byte("PK\x05\x06" + string(make([]byte, 18))))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Decode(b)
		if err != nil {
			return
		}
		var again bytes.Buffer
		if err := Encode(&again, c); err != nil {
			t.Fatalf("accepted a checkpoint it cannot write: %v", err)
		}
		d, err := Decode(again.Bytes())
		if err != nil || !reflect.DeepEqual(c, d) {
			t.Fatalf("round trip changed the checkpoint: %v", err)
		}
	})
}

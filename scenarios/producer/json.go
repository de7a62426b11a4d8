package producer

import (
	"bytes"
	"encoding/json"
)

// JSON returns u as the tutorial's producer writes it to new_users: one
// object, the 15 fields in order, no spaces, and unlike json.Marshal no
// \u0026-style escaping of &, < and > (serde_json writes them as is, and
// industries such as "Gambling & Casinos" contain them).
func (u User) JSON() []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(u); err != nil {
		// A struct of strings, a bool and an int always encodes.
		panic("producer: encode user: " + err.Error())
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

package producer

// creditCardNumber returns a number of a uniformly chosen brand, with the
// brand's prefix and length and a valid Luhn check digit.
//
// fake-rs computes its check digit by doubling every other digit counted
// from the left, which is the Luhn digit only for even lengths: its 15-digit
// American Express and 13-digit Visa numbers mostly fail a Luhn check. This
// producer writes valid numbers of every length; team-2 reads only the
// prefix, so its matches are the same either way.
func (p *Producer) creditCardNumber() string {
	b := vocab.CreditCardBrands[p.intn(len(vocab.CreditCardBrands))]
	length := b.TotalLength
	if len(b.TotalLengthOneOf) > 0 {
		length = b.TotalLengthOneOf[p.intn(len(b.TotalLengthOneOf))]
	}
	digits := make([]byte, 0, length)
	digits = append(digits, b.PrefixFirstDigit[0])
	if b.SecondDigitOneOf != "" {
		digits = append(digits, b.SecondDigitOneOf[p.intn(len(b.SecondDigitOneOf))])
	}
	for len(digits) < length-1 {
		digits = append(digits, '0'+byte(p.intn(10)))
	}
	return string(append(digits, luhnCheckDigit(digits)))
}

// luhnCheckDigit returns the digit that, appended to payload, makes a number
// that passes the Luhn check. Counted from the right of the full number the
// check digit is position 1, so doubling starts at the payload's last digit.
func luhnCheckDigit(payload []byte) byte {
	sum := 0
	double := true
	for i := len(payload) - 1; i >= 0; i-- {
		d := int(payload[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return byte('0' + (10-sum%10)%10)
}

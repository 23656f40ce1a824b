import Testing
import VFXLUT

/// DecimalNumber's fast path gives strtod's double (Swift's Double(String)) bit for bit,
/// and declines what it cannot do exactly.
@Suite struct DecimalNumberTests {
    func parse(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBufferPointer(DecimalNumber.parse)
    }

    @Test func matchesStrtodOnLUTLikeNumbers() {
        var generator = SystemRandomNumberGenerator()
        var fast = 0
        for trial in 0..<200_000 {
            let digits = Int.random(in: 1...17, using: &generator)
            var text = trial % 3 == 0 ? "-" : ""
            let point = Int.random(in: 0...digits, using: &generator)
            for d in 0..<digits {
                if d == point && d > 0 { text += "." }
                text += String(Int.random(in: 0...9, using: &generator))
            }
            if trial % 5 == 0 { text += "e\(Int.random(in: -30...30, using: &generator))" }
            guard let expected = Double(text) else { continue }
            if let value = parse(text) {
                fast += 1
                #expect(value.bitPattern == expected.bitPattern, "\(text)")
            }
        }
        #expect(fast > 150_000)  // the fast path takes the usual forms
        for text in ["0.000000", "-0.0", "1", "1.", ".5", "+2.5", "0.123456", "65504", "1e22", "9007199254740992",
                     "0.1e-21", "-123.456e7"] {
            #expect(parse(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
    }

    @Test func declinesWhatItCannotDoExactly() {
        for text in ["", "-", ".", "e5", "1e", "1e+", "nan", "inf", "0x1p3", "1.2.3", "1,5", "12345678901234567890",
                     "9007199254740993", "1e23", "1e-23", "1e99999", "1 "] {
            #expect(parse(text) == nil, "\(text)")
        }
    }
}

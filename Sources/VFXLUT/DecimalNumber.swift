/// Decimal numbers as LUT files write them ("0.123456", "-1", "2.5e-3"), parsed without
/// building a String. Uses Clinger's fast path: when the digits form an integer m ≤ 2^53
/// and the decimal exponent k satisfies |k| ≤ 22, m and 10^|k| are exact doubles and
/// one IEEE multiply or divide rounds m·10^k correctly, the same double `strtod`
/// (Swift's `Double(String)`) gives. Anything else returns nil for the caller to parse
/// the slow way.
package enum DecimalNumber {
    private static let powers: [Double] = (0...22).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }  // exact: 10^22 < 2^53 · 2^22 needs no rounding
        return p
    }

    package static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        let count = bytes.count
        var negative = false
        if i < count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0, significant = 0, exponent = 0
        var seenPoint = false
        while i < count {
            let byte = bytes[i]
            if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                digits += 1
                if mantissa != 0 || byte != UInt8(ascii: "0") { significant += 1 }
                guard significant <= 19 else { return nil }
                mantissa = mantissa &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
                if seenPoint { exponent -= 1 }
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                break
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        if i < count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var negativeExponent = false
            if i < count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                negativeExponent = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var value = 0, exponentDigits = 0
            while i < count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
                guard value < 1000 else { return nil }
                value = value * 10 + Int(bytes[i] - UInt8(ascii: "0"))
                exponentDigits += 1
                i += 1
            }
            guard exponentDigits > 0 else { return nil }
            exponent += negativeExponent ? -value : value
        }
        guard i == count else { return nil }
        var result: Double
        if mantissa == 0 {
            result = 0
        } else {
            guard mantissa <= 1 << 53, (-22...22).contains(exponent) else { return nil }
            result = exponent < 0 ? Double(mantissa) / powers[-exponent] : Double(mantissa) * powers[exponent]
        }
        return negative ? -result : result
    }
}

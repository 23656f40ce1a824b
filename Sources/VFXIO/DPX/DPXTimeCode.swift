/// SMPTE 12M time codes as DPX stores them: a 32-bit BCD word (hours, minutes, seconds,
/// frames from the top nibbles down; bit 6 is the drop-frame flag), shown as
/// "hh:mm:ss:ff" ("hh:mm:ss;ff" for drop frame), as OpenImageIO's "dpx:TimeCode".
package enum DPXTimeCode {
    package static func text(_ value: UInt32) -> String {
        func digits(_ tens: UInt32, _ units: UInt32) -> String {
            let number = Int(tens) * 10 + Int(units)
            return number < 10 ? "0\(number)" : "\(number)"
        }
        let frames = digits((value >> 4) & 0x3, value & 0xF)
        let seconds = digits((value >> 12) & 0x7, (value >> 8) & 0xF)
        let minutes = digits((value >> 20) & 0x7, (value >> 16) & 0xF)
        let hours = digits((value >> 28) & 0x3, (value >> 24) & 0xF)
        let drop = (value >> 6) & 1 == 1
        return "\(hours):\(minutes):\(seconds)\(drop ? ";" : ":")\(frames)"
    }

    /// Parses "hh:mm:ss:ff" or "hh:mm:ss;ff" (drop frame); nil when malformed.
    package static func value(_ text: String) -> UInt32? {
        let drop = text.contains(";")
        let parts = text.split(whereSeparator: { $0 == ":" || $0 == ";" }).map { Int($0) }
        guard parts.count == 4, let hours = parts[0], let minutes = parts[1], let seconds = parts[2],
              let frames = parts[3], (0...23).contains(hours), (0...59).contains(minutes),
              (0...59).contains(seconds), (0...39).contains(frames) else { return nil }
        func bcd(_ number: Int) -> UInt32 { UInt32(number / 10) << 4 | UInt32(number % 10) }
        var value = bcd(hours) << 24 | bcd(minutes) << 16 | bcd(seconds) << 8 | bcd(frames)
        if drop { value |= 1 << 6 }
        return value
    }
}

import Foundation

/// A date as the day people read it, `2026-10-02`, in a given time zone: UTC for what
/// is written or printed (so output does not depend on where it runs), the viewer's
/// zone on screen.
public struct CalendarDay: CustomStringConvertible, Sendable {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(_ date: Date, timeZone: TimeZone = .gmt) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        (year, month, day) = (c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }
}

/// A moment as a refusal states it, to the minute in UTC: `2026-10-02 14:05 UTC`, when a
/// cancellation window closed.
public struct CalendarMinute: CustomStringConvertible, Sendable {
    public let date: Date

    public init(_ date: Date) { self.date = date }

    public var description: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return "\(CalendarDay(date)) " + String(format: "%02d:%02d UTC", c.hour ?? 0, c.minute ?? 0)
    }
}

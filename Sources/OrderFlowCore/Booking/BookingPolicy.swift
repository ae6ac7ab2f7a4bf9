import Foundation

/// Limits on the public booking page (B1): enough for a family booking a
/// few services, too few for a script filling a store's calendar.
public enum BookingPolicy {
    public static let bookingsPerSource = 10
    public static let window: TimeInterval = 3600
    /// Appointment slots offered on the page, in minutes.
    public static let slotMinutes = 60
}

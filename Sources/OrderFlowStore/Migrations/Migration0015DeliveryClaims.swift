/// Who holds a notification delivery's lease: each claim writes a fresh
/// token, and renewing the lease or recording the outcome must name it, so
/// a sender whose lease ran out (a slow relay) cannot send again what
/// another instance took over, nor mark sent or failed what is no longer
/// its to mark.
enum Migration0015DeliveryClaims {
    static let migration = Migration(number: 15, name: "delivery-claims") { _ in
        ["ALTER TABLE notification_deliveries ADD COLUMN claim_token TEXT"]
    }
}

import Foundation
import NIOCore
import NIOPosix
import OrderFlowCore

/// Where e-mail goes: an SMTP relay (the company's mail server, or a local
/// postfix) that accepts mail from this host. This first version speaks
/// plain SMTP to it, without TLS or authentication: run the relay on the
/// same host or network.
public struct SMTPSettings: Sendable {
    public var host: String
    public var port: Int
    /// The envelope and header sender, e.g. `notice@orderflow.example.com`.
    public var from: String
    public var heloName: String

    public init(host: String, port: Int = 25, from: String, heloName: String = "orderflow") {
        self.host = host
        self.port = port
        self.from = from
        self.heloName = heloName
    }
}

/// Sends one e-mail per connection: EHLO, MAIL FROM, RCPT TO, DATA, QUIT.
/// A 5xx answer is permanent (no such mailbox); a 4xx answer, a refused
/// connection or silence is tried again later.
public struct SMTPTransport: MessageTransport {
    public var settings: SMTPSettings
    public var timeout: Duration
    /// The clock for the mail's `Date:` header: the application's.
    public var now: @Sendable () -> Date

    public init(
        settings: SMTPSettings, timeout: Duration = .seconds(20),
        now: @escaping @Sendable () -> Date = AppEnvironment.live.now
    ) {
        self.settings = settings
        self.timeout = timeout
        self.now = now
    }

    public func send(_ message: OutgoingMessage) async throws {
        let mail = MailText.format(message, from: settings.from, at: now())
        let timeout = self.timeout
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await conversation(message, mail: mail) }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw TransportFailure("the SMTP server did not finish in time")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    private func conversation(_ message: OutgoingMessage, mail: String) async throws {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(5))
                .connect(host: settings.host, port: settings.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw TransportFailure("cannot reach the SMTP server: \(error)")
        }
        let settings = self.settings
        try await channel.executeThenClose { inbound, outbound in
            var replies = SMTPReplies(inbound.makeAsyncIterator())
            try await replies.expect([220])
            func command(_ line: String, _ codes: Set<Int>) async throws {
                try await outbound.write(ByteBuffer(string: line + "\r\n"))
                try await replies.expect(codes)
            }
            try await command("EHLO \(settings.heloName)", [250])
            try await command("MAIL FROM:<\(settings.from)>", [250])
            try await command("RCPT TO:<\(message.recipient)>", [250, 251])
            try await command("DATA", [354])
            try await outbound.write(ByteBuffer(string: mail + "\r\n.\r\n"))
            try await replies.expect([250])
            try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
        }
    }
}

/// Reads SMTP replies, single- or multi-line (`250-…` then `250 …`).
struct SMTPReplies {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var pending = ""

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) {
        self.iterator = iterator
    }

    mutating func expect(_ codes: Set<Int>) async throws {
        let (code, text) = try await next()
        guard codes.contains(code) else {
            throw TransportFailure("SMTP \(code) \(text.prefix(200))", permanent: (500..<600).contains(code))
        }
    }

    mutating func next() async throws -> (Int, String) {
        var text: [String] = []
        while true {
            while let end = pending.range(of: "\n") {
                let line = pending[..<end.lowerBound].trimmingCharacters(in: .init(charactersIn: "\r"))
                pending.removeSubrange(..<end.upperBound)
                text.append(String(line.dropFirst(4)))
                let characters = Array(line)
                guard characters.count >= 3, let code = Int(String(characters[0..<3])) else {
                    throw TransportFailure("the SMTP server answered something else than SMTP")
                }
                if characters.count == 3 || characters[3] == " " { return (code, text.joined(separator: " ")) }
            }
            guard let buffer = try await iterator.next() else {
                throw TransportFailure("the SMTP server closed the connection")
            }
            pending += String(buffer: buffer)
        }
    }
}

/// An e-mail as text (RFC 5322 with MIME): UTF-8 subject as encoded
/// words, the body in base64 — no line can then start with a dot, and any
/// relay carries it unchanged.
enum MailText {
    /// The text as RFC 2047 encoded words of at most 75 characters each
    /// (45 bytes of UTF-8, never split inside a character), folded onto
    /// continuation lines.
    static func encodedWords(_ text: String) -> String {
        var words: [String] = []
        var chunk = Data()
        for character in text {
            let bytes = Data(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append(chunk.base64EncodedString())
                chunk = Data()
            }
            chunk.append(bytes)
        }
        if !chunk.isEmpty || words.isEmpty { words.append(chunk.base64EncodedString()) }
        return words.map { "=?UTF-8?B?\($0)?=" }.joined(separator: "\r\n ")
    }

    static func format(_ message: OutgoingMessage, from: String, at instant: Date) -> String {
        let date = DateFormatter()
        date.locale = Locale(identifier: "en_US_POSIX")
        date.timeZone = TimeZone(identifier: "UTC")
        date.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let body = Data(message.body.replacingOccurrences(of: "\n", with: "\r\n").utf8).base64EncodedString()
        let lines = stride(from: 0, to: body.count, by: 76).map { offset -> String in
            let start = body.index(body.startIndex, offsetBy: offset)
            return String(body[start..<(body.index(start, offsetBy: 76, limitedBy: body.endIndex) ?? body.endIndex)])
        }
        return [
            "From: OrderFlow <\(from)>",
            "To: <\(message.recipient)>",
            "Subject: " + encodedWords(message.subject ?? ""),
            "Date: \(date.string(from: instant))",
            "Message-ID: <\(message.deliveryID.uuidString.lowercased())@orderflow>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "",
        ].joined(separator: "\r\n") + "\r\n" + lines.joined(separator: "\r\n")
    }
}

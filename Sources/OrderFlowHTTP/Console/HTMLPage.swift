import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Server-rendered pages of the console: escaped text, no inline scripts,
/// and headers that stop framing and sniffing.
enum HTMLPage {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func response(
        _ status: HTTPResponse.Status, title: String, language: String, body: String, headers: HTTPFields = [:]
    ) -> Response {
        let html = """
            <!doctype html>
            <html lang="\(language)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · OrderFlow</title>
            <style>
            body{font-family:system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;background:#f4f6f8;margin:0}
            main{max-width:380px;margin:10vh auto;background:#fff;padding:2rem;border-radius:8px;
            box-shadow:0 1px 4px #0002}
            h1{font-size:1.4rem;margin-top:0}label{display:block;margin:.8rem 0 .3rem}
            input{width:100%;padding:.5rem;box-sizing:border-box;font-size:1rem}
            button{margin-top:1.2rem;width:100%;padding:.6rem;font-size:1rem;background:#1d4ed8;color:#fff;border:0;
            border-radius:4px}.error{color:#b91c1c;background:#fee2e2;padding:.6rem;border-radius:4px}
            dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem}
            </style></head><body><main>\(body)</main></body></html>
            """
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.cacheControl] = "no-store"
        fields[.frameOptions] = "DENY"
        fields[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
        fields[.contentTypeOptions] = "nosniff"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// `application/x-www-form-urlencoded` bodies.
enum FormBody {
    static func parse(_ buffer: ByteBuffer) -> [String: String] {
        var fields: [String: String] = [:]
        let text = String(buffer: buffer)
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard let rawName = parts.first else { continue }
            let name = decode(rawName)
            let value = parts.count > 1 ? decode(parts[1]) : ""
            if fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    private static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
    }
}

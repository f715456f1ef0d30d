// Readers of the image descriptions that carry a stack's shape and voxel
// size: ImageJ's `key=value` lines, OME-XML's Pixels element and tifffile's
// `{"shape": [...]}`. Plain string scanning: the engine has no Foundation.

/// ImageJ's description (`ImageJ=1.11a\nimages=…\nslices=…\n…`) as key → value.
func imageJFields(_ description: String) -> [String: String]? {
    guard description.hasPrefix("ImageJ=") else { return nil }
    var fields: [String: String] = [:]
    for line in description.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
        guard let equals = line.firstIndex(of: "=") else { continue }
        fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
    }
    return fields
}

/// ImageJ writes µ as the escape `\u00B5`.
func unescapedUnit(_ unit: String) -> String {
    var result = unit
    while let range = result.firstRange(of: "\\u00B5") ?? result.firstRange(of: "\\u00b5") {
        result.replaceSubrange(range, with: "µ")
    }
    return result
}

/// The attributes of the first `<Pixels …>` element of OME-XML.
func omePixelsAttributes(_ description: String) -> [String: String]? {
    guard description.contains("<OME"), let start = description.firstRange(of: "<Pixels ") else { return nil }
    guard let end = description[start.upperBound...].firstIndex(of: ">") else { return nil }
    var attributes: [String: String] = [:]
    var rest = description[start.upperBound..<end]
    while let equals = rest.firstIndex(of: "=") {
        let name = rest[..<equals].trimmingWhitespace()
        let afterEquals = rest[rest.index(after: equals)...]
        guard let quote = afterEquals.first, quote == "\"" || quote == "'" else { break }
        let valueStart = afterEquals.index(after: afterEquals.startIndex)
        guard let valueEnd = afterEquals[valueStart...].firstIndex(of: quote) else { break }
        attributes[String(name)] = String(afterEquals[valueStart..<valueEnd])
        rest = afterEquals[afterEquals.index(after: valueEnd)...]
    }
    return attributes
}

/// The list of integers after `"shape":` in tifffile's JSON description.
func jsonShape(_ description: String) -> [Int]? {
    guard description.hasPrefix("{"), let key = description.firstRange(of: "\"shape\"") else { return nil }
    let rest = description[key.upperBound...]
    guard let open = rest.firstIndex(of: "["), let close = rest[open...].firstIndex(of: "]") else { return nil }
    let numbers = rest[rest.index(after: open)..<close].split(separator: ",").map { Int($0.trimmingWhitespace()) }
    guard !numbers.isEmpty, numbers.allSatisfy({ $0 != nil && $0! > 0 }) else { return nil }
    return numbers.map { $0! }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var s = self
        while let first = s.first, first.isWhitespace { s = s.dropFirst() }
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return s
    }
}

/// The string value of `key` in a flat JSON description, if present.
func jsonString(_ description: String, key: String) -> String? {
    guard description.hasPrefix("{"), let k = description.firstRange(of: "\"\(key)\"") else { return nil }
    var rest = description[k.upperBound...].drop { $0 == " " || $0 == ":" }
    guard rest.first == "\"" else { return nil }
    rest = rest.dropFirst()
    var value = "", escaped = false
    for c in rest {
        if escaped { value.append(c == "n" ? "\n" : c); escaped = false; continue }
        if c == "\\" { escaped = true; continue }
        if c == "\"" { return value }
        value.append(c)
    }
    return nil
}

/// The numbers in the array value of `key` in a flat JSON description.
func jsonNumbers(_ description: String, key: String) -> [Double]? {
    guard description.hasPrefix("{"), let k = description.firstRange(of: "\"\(key)\"") else { return nil }
    let rest = description[k.upperBound...]
    guard let open = rest.firstIndex(of: "["), let close = rest[open...].firstIndex(of: "]") else { return nil }
    let numbers = rest[rest.index(after: open)..<close].split(separator: ",").map { Double($0.trimmingWhitespace()) }
    guard numbers.allSatisfy({ $0 != nil }) else { return nil }
    return numbers.map { $0! }
}

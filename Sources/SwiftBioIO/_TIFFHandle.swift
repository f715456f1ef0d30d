internal import CLibTIFF
#if canImport(Glibc)
import Glibc
#endif
import SwiftBio

/// Messages libtiff reports for one open file, collected instead of
/// printed to stderr.
final class _TIFFMessages {
    var errors: [String] = []
}

private let collectError: TIFFErrorHandlerExtR = { _, userData, module, format, arguments in
    guard let userData, let format, let arguments else { return 1 }
    var text = [CChar](repeating: 0, count: 1024)
    _ = vsnprintf(&text, text.count, format, arguments)
    let messages = Unmanaged<_TIFFMessages>.fromOpaque(userData).takeUnretainedValue()
    messages.errors.append(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    return 1  // handled: libtiff prints nothing
}

private let ignoreWarning: TIFFErrorHandlerExtR = { _, _, _, _, _ in 1 }

/// libtiff's process-wide handlers print to stderr; every handle gets its
/// own handlers, and these are silenced for anything reported outside one.
private let silenceGlobalHandlers: Void = {
    TIFFSetErrorHandler(nil)
    TIFFSetWarningHandler(nil)
}()

/// An open TIFF file. Not thread-safe: threads open their own handles.
final class _TIFFHandle {
    let tif: OpaquePointer
    let path: String
    let messages: _TIFFMessages

    /// Opens `path` with libtiff mode `mode` ("r", "w", "w8" for BigTIFF).
    init(path: String, mode: String) throws {
        _ = silenceGlobalHandlers
        let messages = _TIFFMessages()
        let options = TIFFOpenOptionsAlloc()
        defer { TIFFOpenOptionsFree(options) }
        let context = Unmanaged.passUnretained(messages).toOpaque()
        TIFFOpenOptionsSetErrorHandlerExtR(options, collectError, context)
        TIFFOpenOptionsSetWarningHandlerExtR(options, ignoreWarning, context)
        guard let tif = TIFFOpenExt(path, mode, options) else {
            throw EngineError.io("\(path): " + (messages.errors.last ?? "cannot open"))
        }
        self.tif = tif
        self.path = path
        self.messages = messages
    }

    deinit { TIFFClose(tif) }

    /// An error naming the file, with libtiff's last message if any.
    func failure(_ what: String) -> EngineError {
        .io("\(path): \(what)" + (messages.errors.last.map { ": \($0)" } ?? ""))
    }

    /// A tag's value through libtiff's variadic getter (`TIFFVGetField`);
    /// with `defaulted`, libtiff's default where the tag is absent.
    func field<T>(_ tag: Int32, _ initial: T, defaulted: Bool = false) -> T? {
        var value = initial
        let found = withUnsafeMutablePointer(to: &value) { pointer in
            withVaList([pointer]) {
                defaulted ? TIFFVGetFieldDefaulted(tif, UInt32(tag), $0) : TIFFVGetField(tif, UInt32(tag), $0)
            }
        }
        return found == 1 ? value : nil
    }

    func string(_ tag: Int32) -> String? {
        guard let pointer = field(tag, UnsafeMutablePointer<CChar>?.none) ?? nil else { return nil }
        return String(cString: pointer)
    }

    /// Sets a tag through `TIFFVSetField`; values follow C's variadic promotions.
    func set(_ tag: Int32, _ values: CVarArg...) throws {
        let ok = withVaList(values) { TIFFVSetField(tif, UInt32(tag), $0) }
        if ok != 1 { throw failure("cannot set TIFF tag \(tag)") }
    }
}

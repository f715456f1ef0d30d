#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The calling thread's last failure message, kept in thread-specific
// storage so that concurrent callers (the GIL is released) never see each
// other's errors. Each thread owns one malloc'ed string, freed on exit.

private let messageKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key) { free($0) }
    return key
}()

private nonisolated(unsafe) let noMessage: UnsafeMutablePointer<CChar> = strdup("")!

func setLastError(_ message: String) {
    free(pthread_getspecific(messageKey))
    pthread_setspecific(messageKey, strdup(message))
}

@_cdecl("sb_last_error")
public func exportLastError() -> UnsafePointer<CChar> {
    UnsafePointer(pthread_getspecific(messageKey)?.assumingMemoryBound(to: CChar.self) ?? noMessage)
}

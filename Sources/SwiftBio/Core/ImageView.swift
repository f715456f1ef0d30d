#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only view of a C-contiguous image in memory the caller owns.
///
/// Views are cheap value types that do not retain their memory: the caller
/// keeps it alive for the duration of the engine call.
public struct ImageView<Element>: @unchecked Sendable {
    public let base: UnsafePointer<Element>
    public let shape: ImageShape

    @inlinable public init(base: UnsafePointer<Element>, shape: ImageShape) {
        self.base = base
        self.shape = shape
    }

    /// First element of row `row` (rows numbered over all planes).
    @inlinable public func row(_ row: Int) -> UnsafePointer<Element> {
        assert(row >= 0 && row < shape.rowCount)
        return base + row * shape.width
    }
}

/// A writable view of a C-contiguous image in memory the caller owns.
public struct MutableImageView<Element>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<Element>
    public let shape: ImageShape

    @inlinable public init(base: UnsafeMutablePointer<Element>, shape: ImageShape) {
        self.base = base
        self.shape = shape
    }

    @inlinable public var readOnly: ImageView<Element> { ImageView(base: base, shape: shape) }

    @inlinable public func row(_ row: Int) -> UnsafeMutablePointer<Element> {
        assert(row >= 0 && row < shape.rowCount)
        return base + row * shape.width
    }
}

/// Memory the engine allocates for intermediate results: released on
/// `deinit`, and a thrown `outOfMemory` instead of a trap when the system
/// refuses.
public final class ImageBuffer<Element>: @unchecked Sendable {
    public let view: MutableImageView<Element>

    public init(shape: ImageShape) throws {
        let (bytes, overflow) = shape.count.multipliedReportingOverflow(by: MemoryLayout<Element>.stride)
        guard !overflow, let raw = ScratchPool.shared.take(bytes: bytes) else {
            throw EngineError.outOfMemory("cannot allocate \(shape.count) pixels of scratch memory")
        }
        self.bytes = bytes
        view = MutableImageView(base: raw.bindMemory(to: Element.self, capacity: shape.count), shape: shape)
    }

    private let bytes: Int

    deinit { ScratchPool.shared.give(UnsafeMutableRawPointer(view.base), bytes: bytes) }
}

extension ImageView {
    /// The same memory read as `T`, which must have `Element`'s stride and
    /// read every stored bit pattern as a valid value (`Bool` as `UInt8`).
    @inlinable public func rebound<T>(to _: T.Type) -> ImageView<T> {
        precondition(MemoryLayout<T>.stride == MemoryLayout<Element>.stride)
        return ImageView<T>(base: UnsafeRawPointer(base).assumingMemoryBound(to: T.self), shape: shape)
    }
}

extension MutableImageView {
    /// The same memory written as `T` (see `ImageView.rebound(to:)`).
    @inlinable public func rebound<T>(to _: T.Type) -> MutableImageView<T> {
        precondition(MemoryLayout<T>.stride == MemoryLayout<Element>.stride)
        return MutableImageView<T>(base: UnsafeMutableRawPointer(base).assumingMemoryBound(to: T.self), shape: shape)
    }
}

import CCrypto
import Foundation

/// SHA-256 digests (FIPS 180-4) computed by OpenSSL's libcrypto (`EVP_Digest*` with
/// `EVP_sha256`), always rendered as 64 lowercase hexadecimal characters.
///
/// The digest of the same bytes is the same on every machine and every run, which is what lets
/// stage keys and cache manifests be compared across runs.
public enum SHA256 {
  /// Size of the buffer used when streaming a file into the digest (1 MiB).
  static let fileChunkSize = 1 << 20

  /// The digest of `bytes` as 64 lowercase hex characters.
  public static func hex(_ bytes: some Collection<UInt8>) -> String {
    var hasher = Hasher()
    hasher.update(bytes)
    return hasher.finalize()
  }

  /// The digest of the UTF-8 encoding of `string` (no terminator) as 64 lowercase hex characters.
  public static func hex(_ string: String) -> String {
    var hasher = Hasher()
    hasher.update(string: string)
    return hasher.finalize()
  }

  /// The digest of the file's bytes, read in 1 MiB chunks so memory stays flat for any size.
  ///
  /// - Throws: `FileSystemError` naming the file when it cannot be opened or read.
  public static func hex(fileAt url: URL) throws -> String {
    let path = url.path
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw FileSystemError(path: path, operation: "open", errno: errno)
    }
    defer { close(descriptor) }

    var hasher = Hasher()
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: fileChunkSize, alignment: 64)
    defer { buffer.deallocate() }
    while true {
      let count = read(descriptor, buffer.baseAddress, fileChunkSize)
      if count == 0 { break }
      if count < 0 {
        if errno == EINTR { continue }
        throw FileSystemError(path: path, operation: "read", errno: errno)
      }
      hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
    }
    return hasher.finalize()
  }

  /// Renders digest bytes as lowercase hex.
  static func lowercaseHex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(64)
    for byte in bytes {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: text, as: UTF8.self)
  }
}

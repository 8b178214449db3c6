import CTurboJPEG

/// JPEG bytes from turbojpeg (`tjCompress2`) for `pixels` in `pixelFormat` (TJPF_GRAY, TJPF_RGB
/// or TJPF_CMYK), at quality 100 with no chroma subsampling so decoded colours stay close.
func makeJPEG(width: Int, height: Int, pixels: [UInt8], pixelFormat: TJPF) -> [UInt8] {
  let handle = tjInitCompress()
  defer { tjDestroy(handle) }
  var output: UnsafeMutablePointer<UInt8>? = nil
  var size: UInt = 0
  let subsampling = pixelFormat == TJPF_GRAY ? TJSAMP_GRAY : TJSAMP_444
  let status = tjCompress2(
    handle, pixels, Int32(width), 0, Int32(height), Int32(pixelFormat.rawValue), &output, &size,
    Int32(subsampling.rawValue), 100, 0)
  precondition(status == 0, "tjCompress2 failed: \(String(cString: tjGetErrorStr2(handle)))")
  defer { tjFree(output) }
  return Array(UnsafeBufferPointer(start: output, count: Int(size)))
}

/// `bytes` with every APP14 ("Adobe") segment removed.
func removingAdobeSegments(_ bytes: [UInt8]) -> [UInt8] {
  var out = Array(bytes.prefix(2))
  var offset = 2
  while offset + 4 <= bytes.count, bytes[offset] == 0xFF, bytes[offset + 1] != 0xDA {
    let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
    if bytes[offset + 1] != 0xEE { out += bytes[offset..<offset + 2 + length] }
    offset += 2 + length
  }
  return out + bytes[offset...]
}

/// `pixel` repeated `count` times, flattened.
func repeated<T>(_ pixel: [T], _ count: Int) -> [T] {
  Array([[T]](repeating: pixel, count: count).joined())
}

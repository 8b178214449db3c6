import CTurboJPEG

/// JPEG decoding through turbojpeg (`tjDecompressHeader3`, `tjDecompress2`), one handle per call.
enum JPEGCodec {
  static func probe(_ bytes: [UInt8], name: String) throws(ImageError) -> ImageInfo {
    let handle = try makeHandle(name: name)
    defer { tjDestroy(handle) }
    let header = try readHeader(handle, bytes, name: name)
    return ImageInfo(
      width: header.width, height: header.height, channels: header.isGray ? 1 : 3,
      format: "JPEG")
  }

  /// Gray JPEGs give 1 channel, RGB/YCbCr 3. CMYK and YCCK are decoded to CMYK by turbojpeg and
  /// converted here with the naive formula R = (1 - C)(1 - K) etc. When the file carries an
  /// Adobe APP14 marker its CMYK values are stored inverted (255 = no ink, the convention
  /// Photoshop writes and turbojpeg's own CMYK tools assume), so R = C * K on the stored values.
  /// There is no colour management, so print-profile CMYK comes out approximate in hue.
  static func decode(_ bytes: [UInt8], name: String, pixelLimit: Int) throws(ImageError) -> Raster {
    let handle = try makeHandle(name: name)
    defer { tjDestroy(handle) }
    let header = try readHeader(handle, bytes, name: name)
    let width = header.width
    let height = header.height
    guard width * height <= pixelLimit else {
      throw ImageError(
        file: name, reason: .tooLarge(width: width, height: height, limit: pixelLimit))
    }

    let pixelFormat: TJPF
    let stored: Int
    if header.isGray {
      (pixelFormat, stored) = (TJPF_GRAY, 1)
    } else if header.isCMYK {
      (pixelFormat, stored) = (TJPF_CMYK, 4)
    } else {
      (pixelFormat, stored) = (TJPF_RGB, 3)
    }
    var buffer = [UInt8](repeating: 0, count: width * height * stored)
    let status = buffer.withUnsafeMutableBufferPointer { out in
      tjDecompress2(
        handle, bytes, UInt(bytes.count), out.baseAddress, Int32(width), 0, Int32(height),
        pixelFormat.rawValue, 0)
    }
    // turbojpeg also returns -1 for warnings. A missing end of data is a truncated file; other
    // warnings (e.g. stray bytes before a marker) leave a usable image, which is accepted.
    if status != 0 {
      let message = errorText(handle)
      let fatal = tjGetErrorCode(handle) == Int32(TJERR_FATAL.rawValue)
      if message.contains("Premature end") || (fatal && !endsWithEOI(bytes)) {
        throw ImageError(file: name, reason: .truncated("JPEG data (turbojpeg: \(message))"))
      }
      if fatal {
        throw ImageError(file: name, reason: .corrupt("JPEG data (turbojpeg: \(message))"))
      }
    }

    if header.isCMYK {
      return rgbFromCMYK(buffer, width: width, height: height, inverted: hasAdobeMarker(bytes))
    }
    let channels = stored
    var samples = [Float](repeating: 0, count: buffer.count)
    for i in buffer.indices { samples[i] = byteToSample[Int(buffer[i])] }
    return Raster(width: width, height: height, channels: channels, samples: samples)
  }

  /// Exact value / 255 for each byte, so 8-bit sources convert identically everywhere.
  static let byteToSample: [Float] = (0...255).map { Float($0) / 255 }

  private struct Header {
    var width: Int, height: Int, colorspace: Int32
    var isGray: Bool { colorspace == Int32(TJCS_GRAY.rawValue) }
    var isCMYK: Bool {
      colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue)
    }
  }

  private static func makeHandle(name: String) throws(ImageError) -> tjhandle {
    guard let handle = tjInitDecompress() else {
      throw ImageError(file: name, reason: .unreadable("turbojpeg could not start"))
    }
    return handle
  }

  private static func readHeader(
    _ handle: tjhandle, _ bytes: [UInt8], name: String
  ) throws(ImageError) -> Header {
    var width: Int32 = 0
    var height: Int32 = 0
    var subsampling: Int32 = 0
    var colorspace: Int32 = 0
    let status = tjDecompressHeader3(
      handle, bytes, UInt(bytes.count), &width, &height, &subsampling, &colorspace)
    guard status == 0, width > 0, height > 0 else {
      let what = "JPEG data (turbojpeg: \(errorText(handle)))"
      throw ImageError(
        file: name, reason: endsWithEOI(bytes) ? .corrupt(what) : .truncated(what))
    }
    return Header(width: Int(width), height: Int(height), colorspace: colorspace)
  }

  private static func errorText(_ handle: tjhandle) -> String {
    guard let text = tjGetErrorStr2(handle) else { return "unknown error" }
    return String(cString: text)
  }

  private static func endsWithEOI(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 4 && bytes[bytes.count - 2] == 0xFF && bytes[bytes.count - 1] == 0xD9
  }

  /// True when an APP14 segment starting with "Adobe" precedes the first scan.
  static func hasAdobeMarker(_ bytes: [UInt8]) -> Bool {
    var offset = 2
    while offset + 4 <= bytes.count {
      guard bytes[offset] == 0xFF else { return false }
      let marker = bytes[offset + 1]
      if marker == 0xFF {
        offset += 1
        continue
      }
      if marker == 0xDA || marker == 0xD9 { return false }
      let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
      if marker == 0xEE && length >= 7 && offset + 9 <= bytes.count
        && bytes[offset + 4..<offset + 9].elementsEqual("Adobe".utf8)
      {
        return true
      }
      offset += 2 + length
    }
    return false
  }

  private static func rgbFromCMYK(
    _ cmyk: [UInt8], width: Int, height: Int, inverted: Bool
  ) -> Raster {
    var samples = [Float](repeating: 0, count: width * height * 3)
    // Plain CMYK stores ink amounts, inverted CMYK the share of light each ink lets through.
    let light: [Float] = inverted ? byteToSample : byteToSample.reversed()
    for pixel in 0..<(width * height) {
      let key = light[Int(cmyk[pixel * 4 + 3])]
      for c in 0..<3 { samples[pixel * 3 + c] = light[Int(cmyk[pixel * 4 + c])] * key }
    }
    return Raster(width: width, height: height, channels: 3, samples: samples)
  }
}

import TriageFacts

/// Windows version facts derived from a kernel dump's build number and product type.
enum WindowsVersion {
  /// (major, minor) of the NT version that shipped `build`.
  static func ntVersion(build: UInt32) -> (UInt32, UInt32)? {
    switch build {
    case 2195: (5, 0)
    case 2600: (5, 1)
    case 3790: (5, 2)
    case 6000...6003: (6, 0)
    case 7600, 7601: (6, 1)
    case 9200: (6, 2)
    case 9600: (6, 3)
    case 10240...: (10, 0)
    default: nil
    }
  }

  /// The product name users know (`Windows Server 2003`, `Windows 10`), when derivable.
  static func productName(build: UInt32, productType: ProductType?, is64Bit: Bool) -> String? {
    let server = productType?.isServer ?? false
    switch build {
    case 2195: return server ? "Windows 2000 Server" : "Windows 2000"
    case 2600: return "Windows XP"
    case 3790:
      return server || productType == nil
        ? "Windows Server 2003"
        : (is64Bit ? "Windows XP Professional x64 Edition" : "Windows Server 2003")
    case 6000...6003: return server ? "Windows Server 2008" : "Windows Vista"
    case 7600, 7601: return server ? "Windows Server 2008 R2" : "Windows 7"
    case 9200: return server ? "Windows Server 2012" : "Windows 8"
    case 9600: return server ? "Windows Server 2012 R2" : "Windows 8.1"
    case 10240...:
      if server {
        switch build {
        case 14393: return "Windows Server 2016"
        case 17763: return "Windows Server 2019"
        case 20348: return "Windows Server 2022"
        case 26100: return "Windows Server 2025"
        default: return "Windows Server"
        }
      }
      return build >= 22000 ? "Windows 11" : "Windows 10"
    default: return nil
    }
  }
}

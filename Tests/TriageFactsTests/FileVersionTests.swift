import Testing

@testable import TriageFacts

@Suite struct FileVersionTests {
  @Test func parsesAndCompares() throws {
    let old = try #require(FileVersion("5.2.3790.4318"))
    let fixed = try #require(FileVersion("5.2.3790.4446"))
    #expect(old < fixed)
    #expect(old.branch == fixed.branch)
    #expect(FileVersion("1.2.x") == nil)
    #expect(FileVersion("1.2.3.4.5") == nil)
  }

  @Test func gdrAndLdrAreDifferentBranches() throws {
    let gdr = try #require(FileVersion("6.1.7600.16385"))
    let ldr = try #require(FileVersion("6.1.7600.20510"))
    #expect(gdr.branch != ldr.branch)
  }

  @Test func frameTrustOrder() {
    #expect(FrameTrust.scan < .framePointer)
    #expect(FrameTrust.cfi < .context)
  }
}

@Suite struct ModuleNameTests {
  @Test(arguments: [
    ("netbt.sys", "netbt.sys"), ("NetBT.SYS", "netbt.sys"),
    (#"\SystemRoot\System32\Drivers\NDIS.sys"#, "ndis.sys"),
    ("C:/x/y/Kernel32.DLL", "kernel32.dll"),
    (#"C:\dir\"#, "dir"), (#"\\"#, #"\\"#), ("", ""), ("ÄBC.sys", "äbc.sys"),
  ])
  func normalizedName(_ input: String, _ expected: String) {
    #expect(ModuleFact.normalizedName(input) == expected)
  }

  @Test func stemDropsTheExtension() {
    #expect(ModuleFact.stem(#"\SystemRoot\System32\Drivers\netbt.sys"#) == "netbt")
    #expect(ModuleFact.stem("ntoskrnl") == "ntoskrnl")
  }
}

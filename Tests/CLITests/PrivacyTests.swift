import Foundation
import Testing

/// Rule 5 and the workspace's file modes.
@Suite struct PrivacyTests {
    @Test func theTemporaryPasswordIsShownOnceAndStoredNowhere() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        let add = try cli.run(["customers", "add", "--as", Demo.ana, "--reseller", "Fabrikam Solutions", "--json",
                               "--offer", "m365-business-premium:25", "--offer", "teams-essentials:10"] + Demo.newCustomer())
        #expect(add.status == 0, "\(add)")
        let confirmation = try #require(try add.json() as? [String: Any])
        let password = try #require(confirmation["temporaryPassword"] as? String)
        #expect(password.count >= 16)
        #expect(confirmation["adminUserName"] as? String == "admin@alpineski.onmicrosoft.com")
        #expect((confirmation["warning"] as? String)?.contains("not be shown again") == true)

        // Nothing else reveals it afterwards.
        for arguments in [["customers", "show", "alpineski", "--as", Demo.ana, "--json"], ["log", "--as", Demo.ana, "--json"]] {
            #expect(!(try cli.run(arguments).stdout.contains(password)))
        }
        let needle = Data(password.utf8)
        let files = try cli.workspaceFiles()
        #expect(files.count >= 2)
        for (url, bytes) in files {
            #expect(bytes.range(of: needle) == nil, "the temporary password is in \(url.path)")
        }
    }

    @Test func workspaceFilesAre0600AndDirectories0700() throws {
        let cli = try CLI.demo()
        defer { cli.removeScratch() }
        #expect(try cli.run("resellers", "request", "--reseller", "Northwind Cloud", "--as", Demo.ana).status == 0)
        #expect(try cli.run(["customers", "add", "--as", Demo.ana, "--offer", "teams-essentials:5"] + Demo.newCustomer()).status == 0)
        let manager = FileManager.default
        var checked = 0
        var directories = [cli.workspace]
        while let dir = directories.popLast() {
            #expect(try manager.attributesOfItem(atPath: dir.path)[.posixPermissions] as? Int == 0o700, "\(dir.path)")
            for name in try manager.contentsOfDirectory(atPath: dir.path) {
                let url = dir.appendingPathComponent(name)
                let attributes = try manager.attributesOfItem(atPath: url.path)
                if attributes[.type] as? FileAttributeType == .typeDirectory {
                    directories.append(url)
                } else {
                    #expect(attributes[.posixPermissions] as? Int == 0o600, "\(url.path)")
                    checked += 1
                }
            }
        }
        #expect(checked >= 3)
    }
}

import Foundation

/// Where the browser client's files are: the `Web` resource directory built into this module,
/// served from memory by `StaticFiles` at `/`.
public enum WebRoot {
    /// The path of the bundled `Web` directory.
    public static var bundledDirectory: String {
        Bundle.module.resourceURL!.appendingPathComponent("Web").path
    }
}

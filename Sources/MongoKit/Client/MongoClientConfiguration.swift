/// How a ``MongoClient`` connects and how many threads it blocks on.
public struct MongoClientConfiguration: Sendable {
    /// The MongoDB connection string, e.g.
    /// `mongodb://127.0.0.1:27017/?replicaSet=rs0&serverSelectionTimeoutMS=5000`.
    /// Timeouts, TLS, credentials and read/write concerns are set here, as libmongoc reads them.
    public var uri: String

    /// The application name the server records in its logs and `currentOp`.
    public var appName: String?

    /// The most connections (libmongoc clients) the pool keeps open at once. Each open
    /// session holds one until it ends.
    public var maxPoolSize: Int

    /// The number of dedicated threads that make the blocking libmongoc calls. Operations
    /// beyond this many wait their turn; they never block Swift's cooperative pool.
    public var blockingThreads: Int

    public init(
        uri: String,
        appName: String? = nil,
        maxPoolSize: Int = 16,
        blockingThreads: Int = 4
    ) {
        self.uri = uri
        self.appName = appName
        self.maxPoolSize = maxPoolSize
        self.blockingThreads = blockingThreads
    }
}

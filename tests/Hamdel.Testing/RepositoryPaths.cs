namespace Hamdel.Testing;

/// <summary>Where things are in the repository, found from the test binary's location.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string ServerProject => Path.Combine(Root, "src", "Hamdel.Server");

    /// <summary>Where tests leave files for people to look at (screenshots, reports): artifacts/ at the repository root.</summary>
    public static string Artifacts(string name)
    {
        var directory = Path.Combine(Root, "artifacts", name);
        Directory.CreateDirectory(directory);
        return directory;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Hamdel.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Could not find the repository root (Hamdel.slnx) above " + AppContext.BaseDirectory);
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Hamdel.Testing;

/// <summary>
/// Hamdel as its own operating-system process, started the way an operator starts it (the built
/// server with environment variables), for what only a real process can show: the first start's
/// console output, and surviving kill -9.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    /// <summary>The environment of a test server process over <paramref name="database"/>: the test admin, no demo, no sign-in limits.</summary>
    public static Dictionary<string, string> Environment(TestDatabase database) => new()
    {
        ["Hamdel__DataDirectory"] = database.DataDirectory,
        ["Hamdel__Database__Provider"] = database.Kind.ToString(),
        ["Hamdel__Database__ConnectionString"] = database.ConnectionString,
        ["Hamdel__Bootstrap__AdminEmail"] = HamdelServer.AdminEmail,
        ["Hamdel__Bootstrap__AdminPassword"] = HamdelServer.AdminPassword,
        ["Hamdel__Demo__Enabled"] = "false",
        ["Hamdel__RateLimits__SignInPerMinute"] = "100000",
        ["Hamdel__RateLimits__AnonymousPerMinute"] = "100000",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<ServerProcess> StartAsync(IDictionary<string, string> environment, CancellationToken cancellationToken, int? port = null)
    {
        port ??= FreePort();
        var server = Path.Combine(AppContext.BaseDirectory, "Hamdel.Server.dll");
        var start = new ProcessStartInfo("dotnet", [server])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.ServerProject,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_CONTENTROOT"] = RepositoryPaths.ServerProject;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
        var started = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        await started.WaitUntilReadyAsync(cancellationToken);
        return started;
    }

    /// <summary>
    /// Polls /health/ready until the server answers, or fails with its console output. The limit is
    /// generous on purpose: a first start (migrations, the demo workspace) takes about 15 s on an idle
    /// two-core machine, and CI runs it beside the crash tests' servers, where it once took over 90 s.
    /// </summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}:\n{Output}");
            }
            try
            {
                if ((await client.GetAsync("/health/ready", cancellationToken)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException($"The server did not become ready within {deadline.Elapsed.TotalSeconds:0} s:\n" + Output);
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; what an OOM kill does to the process.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

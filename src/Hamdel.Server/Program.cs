using Hamdel.Server;

var app = await HamdelApp.CreateAsync(args);
await app.RunAsync();

/// <summary>The entry point; the wiring is in <see cref="HamdelApp"/>.</summary>
public partial class Program;

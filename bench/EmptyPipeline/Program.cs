using System.Text;

// The HTTP stack alone: the same host builder, Kestrel settings and runtime settings as the API, one endpoint
// that answers GET /health/live with the API's body and content headers, and nothing else in the pipeline (no
// request logging, security headers, CORS, exception handler, rate limiter, body limits, output cache,
// authentication or authorization). bench/run.sh starts it beside the API and measures both the same way, so
// "GET /health/live ÷ empty pipeline" is the share of the stack's ceiling the API's own pipeline leaves.
//
//   dotnet EmptyPipeline.dll --urls http://127.0.0.1:5191
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
});

var app = builder.Build();
var live = Encoding.UTF8.GetBytes("""{"status":"healthy","checks":{}}""");
app.MapGet("/health/live", (HttpContext context) =>
{
    context.Response.ContentType = "application/json";
    context.Response.Headers.CacheControl = "no-store";
    return context.Response.Body.WriteAsync(live).AsTask();
});
app.Run();

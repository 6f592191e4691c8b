using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Shop.Application.Common.Behaviours;

/// <summary>Logs the request type name and correlation id, never the request itself (it may hold a password or token).</summary>
public sealed partial class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await next(message, cancellationToken);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            LogHandled(logger, typeof(TMessage).Name, Activity.Current?.TraceId.ToString(), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return response;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handled {RequestType} ({CorrelationId}) in {ElapsedMs:0.0} ms")]
    private static partial void LogHandled(ILogger logger, string requestType, string? correlationId, double elapsedMs);
}

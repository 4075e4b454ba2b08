//! `detente serve`: the mediation service over HTTP.

use anyhow::Context;

/// Arguments of `detente serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Where talks are stored: a SQLite file (created if missing) or a `postgres://` URL shared by
    /// several servers.
    #[arg(long, default_value = "detente.db")]
    pub db: String,
    /// Address and port to listen on (`127.0.0.1:0` picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: String,
}

/// Runs the service until Ctrl-C or SIGTERM.
pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_default_env()
                    .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
            )
            .with_writer(std::io::stderr)
            .try_init();
        let store = detente_server::store::open(&args.db).await?;
        let listener = tokio::net::TcpListener::bind(&args.bind)
            .await
            .with_context(|| format!("cannot listen on `{}`", args.bind))?;
        let addr = listener.local_addr()?;
        // One parseable line on stdout: scripts and tests read the port from it.
        println!(
            "detente serve: listening on http://{addr} ({} store)",
            store.backend()
        );
        detente_server::serve(
            listener,
            store,
            &detente_server::Config::default(),
            shutdown(),
        )
        .await
        .context("the server stopped with an error")
    })
}

async fn shutdown() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}

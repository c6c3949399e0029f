//! Routes that keep the list of what they answer: each route's methods and path, taken from the
//! same line that gives the router its handler. The pages and the origin declare their routes
//! through it (the API's come with their OpenAPI operations instead), so a test that tries every
//! route reads them from the router, not from the source's text.

use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::routing::{self, MethodRouter};
use axum::Router;

/// A router with the list of the (method, path) pairs it answers.
pub struct Listed<S> {
    router: Router<S>,
    list: Vec<(&'static str, &'static str)>,
}

/// One route's handlers by method, with the methods' names.
pub struct Methods<S> {
    router: MethodRouter<S>,
    names: Vec<&'static str>,
}

/// A route that answers `GET` (and so `HEAD`) with `handler`.
pub fn get<H, T, S>(handler: H) -> Methods<S>
where
    H: Handler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    Methods { router: routing::get(handler), names: vec!["GET"] }
}

/// A route that answers `POST` with `handler`.
pub fn post<H, T, S>(handler: H) -> Methods<S>
where
    H: Handler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    Methods { router: routing::post(handler), names: vec!["POST"] }
}

impl<S: Clone + Send + Sync + 'static> Methods<S> {
    /// Also answers `POST`, with `handler`.
    pub fn post<H: Handler<T, S>, T: 'static>(mut self, handler: H) -> Self {
        self.router = self.router.post(handler);
        self.names.push("POST");
        self
    }

    /// Also answers `OPTIONS` (a CORS preflight), with `handler`.
    pub fn options<H: Handler<T, S>, T: 'static>(mut self, handler: H) -> Self {
        self.router = self.router.options(handler);
        self.names.push("OPTIONS");
        self
    }

    /// Takes bodies of up to `bytes` on this route, whatever the server's default: a form that
    /// carries a file.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.router = self.router.layer(DefaultBodyLimit::max(bytes));
        self
    }
}

impl<S: Clone + Send + Sync + 'static> Listed<S> {
    /// No routes yet.
    pub fn new() -> Self {
        Self { router: Router::new(), list: Vec::new() }
    }

    /// Answers `path` with `methods`, and lists each of them.
    pub fn route(mut self, path: &'static str, methods: Methods<S>) -> Self {
        self.list.extend(methods.names.iter().map(|method| (*method, path)));
        self.router = self.router.route(path, methods.router);
        self
    }

    /// Every (method, path) declared, in the order declared.
    pub fn list(&self) -> &[(&'static str, &'static str)] {
        &self.list
    }

    /// The router itself, to serve.
    pub fn into_router(self) -> Router<S> {
        self.router
    }
}

impl<S: Clone + Send + Sync + 'static> Default for Listed<S> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_list_is_what_the_router_answers() {
        use tower::ServiceExt;
        let listed = Listed::<()>::new()
            .route("/a", get(|| async { "a" }).post(|| async { "posted" }))
            .route("/b", post(|| async { "b" }).body_limit(4))
            .route("/a/{x}", get(|| async { "x" }).options(|| async { "preflight" }));
        assert_eq!(listed.list(), [("GET", "/a"), ("POST", "/a"), ("POST", "/b"), ("GET", "/a/{x}"), ("OPTIONS", "/a/{x}")]);
        let router = listed.into_router();
        let call = |method: &str, path: &str, body: &'static str| {
            let request = axum::http::Request::builder().method(method).uri(path).body(axum::body::Body::from(body)).unwrap();
            router.clone().oneshot(request)
        };
        for (method, path, status) in
            [("GET", "/a", 200), ("POST", "/a", 200), ("PUT", "/a", 405), ("OPTIONS", "/a/1", 200), ("GET", "/c", 404)]
        {
            assert_eq!(call(method, path, "").await.unwrap().status().as_u16(), status, "{method} {path}");
        }
    }
}

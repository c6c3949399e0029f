//! The routes the server answers, so a test can try every one of them rather than those it
//! remembers: the API's from its OpenAPI document (made from the same list as the router), the
//! pages' and the origin's from the lists their routers keep (`http::listed`).

/// Every (METHOD, path) the site's pages and the media origin answer, as their routers list
/// them.
pub fn pages_and_origin() -> Vec<(String, String)> {
    let (pages, origin) = (reel::http::pages::routes(), reel::http::origin::routes());
    let mut routes: Vec<(String, String)> =
        pages.list().iter().chain(origin.list()).map(|(method, path)| (method.to_string(), path.to_string())).collect();
    routes.sort();
    routes.dedup();
    routes
}

/// Every (METHOD, path) of the API (paths under `/api`) but its `HEAD` and `OPTIONS`
/// operations: tus's status and discovery, which answer anyone and carry no body.
pub fn api() -> Vec<(String, String)> {
    let doc = reel::http::api::document();
    let mut routes = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("the document has paths") {
        for method in item.as_object().expect("a path has operations").keys() {
            if method != "head" && method != "options" {
                routes.push((method.to_uppercase(), path.clone()));
            }
        }
    }
    routes.sort();
    routes
}

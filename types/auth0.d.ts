// Types of the Auth0 log tools (SPEC part 2).
export {}

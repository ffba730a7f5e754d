// electron-vite's import suffix (index.ts): the built path of a module bundled as a separate entry.
declare module '*?modulePath' {
  const path: string
  export default path
}

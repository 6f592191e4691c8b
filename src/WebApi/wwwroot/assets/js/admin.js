document.documentElement.dataset.ready = 'admin';

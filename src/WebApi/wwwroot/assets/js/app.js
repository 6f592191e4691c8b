document.documentElement.dataset.ready = 'storefront';
